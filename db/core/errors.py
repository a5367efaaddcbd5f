"""The two kinds of error a user is shown.

Refused: the rules or the input say no. Every refusal meant for a user is a Refused (or one of
its domain kinds: MoveRefused, OutOfScope, NotAllowed...), carrying the Chinese message and,
where one field is at fault, that field's name. Pages show it through one helper
(components.refusals) and never catch ValueError, which stays for programming errors.

StorageError: the database could not take the work (locked past the busy timeout, a full disk, a
read-only file or server); nothing of the transaction stayed (db.core.engine). It is no
refusal: the same request may succeed later.
"""


class Refused(Exception):
    """A refusal meant for the user: `message` says what and why in Chinese (it is also
    str(error)); `field` names the form field at fault, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(Refused, ValueError):
    """A value from outside that a check of db.core.validation (or a form model's validator)
    refuses. It is also a ValueError because that is how pydantic learns of a failed check:
    inside a form model it becomes the message under its field (a ValidationError, see
    db.cases.schemas.field_errors); called outside one, it reaches the page as any Refused."""


class StorageError(Exception):
    """The database could not take a write (or a read); nothing of the transaction stayed.
    The message is for the user."""
