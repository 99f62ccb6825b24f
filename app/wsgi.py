"""The WSGI entry point Zappa's handler (and the local runner) serve."""

import gc

from app import create_app

# Building the app allocates many long-lived objects; a full collection in the middle of a cold
# start is wasted work. Freeze them out of the collector's view, then collect as usual.
gc.disable()
app = create_app()
gc.freeze()
gc.enable()
