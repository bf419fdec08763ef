from tests.mail.smtp import smtp, smtp_server  # noqa: F401  (fixtures)
