"""The domain's own exceptions; views and handlers translate them into messages."""


class DomainError(Exception):
    """Something the domain refuses, with a message a user can act on."""


class InvalidField(DomainError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
