"""The judging fixtures (edition in judging, INN, its first round, jurors, nominations…) and the
loopback SMTP server."""
from tests.judging.conftest import (first_round, judging_edition, jury_category,  # noqa: F401
                                    make_assignment, make_juror, make_nomination, make_review)
from tests.mail.smtp import smtp, smtp_server  # noqa: F401
