"""S3: the evidence bucket (evidence files and uploaded spreadsheets). Nothing in it is public.

Browsers upload straight to S3 with a presigned POST whose key the server chose, so large files
never pass through API Gateway (10 MB limit) or Lambda; the server then checks what arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from app.adapters.clients import client


@dataclass(frozen=True)
class UploadForm:
    url: str
    fields: dict[str, str]


class Storage:
    def __init__(self, bucket: str):
        self.bucket = bucket

    def upload_form(self, key: str, *, max_bytes: int, redirect_to: str, expires_in: int = 900) -> UploadForm:
        """A form that lets a browser put one file at exactly this key, up to max_bytes."""
        post = client("s3").generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"success_action_redirect": redirect_to},
            Conditions=[
                ["content-length-range", 1, max_bytes],
                {"success_action_redirect": redirect_to},
                ["starts-with", "$Content-Type", ""],
                # The original file name, filled in by the page's script; optional without one.
                ["starts-with", "$x-amz-meta-filename", ""],
            ],
            ExpiresIn=expires_in,
        )
        return UploadForm(url=post["url"], fields=post["fields"])

    def size(self, key: str) -> int | None:
        s3 = client("s3")
        try:
            return int(s3.head_object(Bucket=self.bucket, Key=key)["ContentLength"])
        except s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def metadata(self, key: str) -> dict[str, str]:
        return client("s3").head_object(Bucket=self.bucket, Key=key).get("Metadata", {})

    def head_bytes(self, key: str, count: int = 8192) -> bytes:
        answer = client("s3").get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{count - 1}")
        return answer["Body"].read()

    def open(self, key: str) -> BinaryIO:
        """A stream of the object's bytes, read as it is consumed (never the whole file in memory)."""
        return client("s3").get_object(Bucket=self.bucket, Key=key)["Body"]

    def recent(self, prefix: str, limit: int = 50) -> list[str]:
        """Keys under ``prefix``, newest first (for the local outbox page; not for large prefixes)."""
        found = []
        for page in client("s3").get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            found += [(o["LastModified"], o["Key"]) for o in page.get("Contents", [])]
        return [key for _, key in sorted(found, reverse=True)[:limit]]

    def put(self, key: str, body: bytes | BinaryIO, content_type: str) -> None:
        client("s3").put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def delete(self, key: str) -> None:
        """Remove the object for good: every version, not just a delete marker on top of them.
        Used for files that must not be kept (refused uploads, processed archives)."""
        s3 = client("s3")
        listing = s3.list_object_versions(Bucket=self.bucket, Prefix=key)
        doomed = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in (*listing.get("Versions", []), *listing.get("DeleteMarkers", []))
            if v["Key"] == key
        ]
        if doomed:
            s3.delete_objects(Bucket=self.bucket, Delete={"Objects": doomed, "Quiet": True})

    def download_url(self, key: str, filename: str, content_type: str, expires_in: int = 60) -> str:
        """A short-lived link that makes the browser save the file under its original name."""
        safe = filename.replace('"', "").replace("\\", "")
        return client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{safe}"',
                "ResponseContentType": content_type,
            },
            ExpiresIn=expires_in,
        )
