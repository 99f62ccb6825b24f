"""Lambda handlers for scheduled and queue-driven work. Each is thin: log, build, call, report."""
