"""The cooperation world (tests/cooperation/world.py) for every test here."""
from tests.cooperation.world import (make_agreement, make_entry, make_representative,  # noqa: F401
                                     make_request, world)
