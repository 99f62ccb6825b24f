"""The JSON API (``views``, under /api/v1) and the portal pages that manage its keys (``keys``)."""
