"""SMS through SNS (direct publish to a phone number, transactional)."""

from __future__ import annotations

from app.adapters.clients import client


class Texter:
    def __init__(self, sender_id: str = ""):
        self.sender_id = sender_id

    def send(self, *, to: str, text: str) -> str:
        attributes = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}
        if self.sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = {"DataType": "String", "StringValue": self.sender_id}
        answer = client("sns").publish(PhoneNumber=to, Message=text, MessageAttributes=attributes)
        return answer["MessageId"]
