"""Imports every feature's models so metadata is complete for Alembic and create_all."""
from app.accounts.models import Invitation, User, UserRole  # noqa: F401
from app.audit.models import AuditEvent  # noqa: F401
from app.editions.models import Category, Edition, RubricCriterion  # noqa: F401
from app.municipalities.models import Municipality, Representation  # noqa: F401
from app.nominations.models import (Attachment, Nomination, NominationVersion,  # noqa: F401
                                     ReferenceCounter)
from app.perception.models import PerceptionFigure, PerceptionImport  # noqa: F401
from app.judging.models import (Assignment, Conflict, ConflictDeclaration,  # noqa: F401
                                JurorProfile, Review, ReviewScore, Round, RoundEntry)
from app.awards.models import Award  # noqa: F401
from app.certificates.models import Certificate, CertificateJob, CertificateSettings  # noqa: F401
from app.notifications.models import Broadcast, MailMessage, ReminderDelivery  # noqa: F401
from app.library.models import HistoricalAward, LibraryEntry  # noqa: F401
from app.cooperation.models import Agreement, CooperationRequest  # noqa: F401
