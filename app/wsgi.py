"""The WSGI entry point Zappa's handler (and the local runner) serve."""

from app import create_app

app = create_app()
