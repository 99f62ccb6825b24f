"""Thin adapters between the portal and AWS: storage (DynamoDB via PynamoDB, S3) and messaging."""
