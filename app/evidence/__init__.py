"""Evidence: files on cases and claims, uploaded straight to S3 and checked before they are kept."""
