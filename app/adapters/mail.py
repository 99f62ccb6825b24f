"""E-mail through SES, always with the configuration set so bounces and complaints come back."""

from __future__ import annotations

import re
from email.utils import formataddr

from app.adapters.clients import client

_TAG_VALUE = re.compile(r"[^A-Za-z0-9_.\-]")  # what SES accepts in a message tag


class Mailer:
    def __init__(self, sender: str, configuration_set: str):
        self.sender = sender
        self.configuration_set = configuration_set

    def send(
        self,
        *,
        to: str,
        subject: str,
        text: str,
        html: str,
        reply_to: str = "",
        sender_name: str = "",
        tags: dict[str, str],
    ) -> str:
        """Hand the message to SES; returns SES's message id (which its events carry back).

        The sender is the collection service's verified address under the creditor's name; replies
        go to the creditor."""
        request = {
            "Source": formataddr((sender_name, self.sender), charset="utf-8") if sender_name else self.sender,
            "Destination": {"ToAddresses": [to]},
            "Message": {
                "Subject": {"Data": subject, "Charset": "UTF-8"},
                "Body": {
                    "Text": {"Data": text, "Charset": "UTF-8"},
                    "Html": {"Data": html, "Charset": "UTF-8"},
                },
            },
            "Tags": [{"Name": name, "Value": _TAG_VALUE.sub("_", value)} for name, value in tags.items()],
        }
        if reply_to:
            request["ReplyToAddresses"] = [reply_to]
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        return client("ses").send_email(**request)["MessageId"]
