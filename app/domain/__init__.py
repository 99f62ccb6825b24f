"""The collection domain: plain Python, no Flask, boto3 or PynamoDB (enforced by ruff.toml here)."""
