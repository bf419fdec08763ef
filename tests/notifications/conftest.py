from tests.judging.conftest import (first_round, judging_edition, jury_category,  # noqa: F401
                                    make_juror, make_nomination)
from tests.mail.smtp import smtp, smtp_server  # noqa: F401  (fixtures)
from tests.certificates.conftest import world  # noqa: F401  (a closed edition: submitters, jurors)
