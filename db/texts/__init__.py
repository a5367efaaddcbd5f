"""The one catalogue of user-facing Chinese text: labels of every code, messages and page words.

Pages, components and the rules in db/ all take their words from here (`from db import texts`,
then `texts.X`), so a wording is changed in one place. Each feature keeps its words in a module
of its own, which exports its upper-case names (`__all__`); a name lives in one module only, and
every name is used outside the catalogue (tests/test_texts.py). No Streamlit here.
"""

from db.texts.accounts import *  # noqa: F403
from db.texts.agreement import *  # noqa: F403
from db.texts.board import *  # noqa: F403
from db.texts.caselife import *  # noqa: F403
from db.texts.cases import *  # noqa: F403
from db.texts.categories import *  # noqa: F403
from db.texts.cli import *  # noqa: F403
from db.texts.common import *  # noqa: F403
from db.texts.dashboard import *  # noqa: F403
from db.texts.desk import *  # noqa: F403
from db.texts.documents import *  # noqa: F403
from db.texts.exports import *  # noqa: F403
from db.texts.handover import *  # noqa: F403
from db.texts.imports import *  # noqa: F403
from db.texts.inbox import *  # noqa: F403
from db.texts.labels import *  # noqa: F403
from db.texts.leaders import *  # noqa: F403
from db.texts.mediation_return import *  # noqa: F403
from db.texts.navigation import *  # noqa: F403
from db.texts.outbox import *  # noqa: F403
from db.texts.receptions import *  # noqa: F403
from db.texts.reports import *  # noqa: F403
from db.texts.reportup import *  # noqa: F403
from db.texts.setup import *  # noqa: F403
from db.texts.setup_book import *  # noqa: F403
from db.texts.supervision import *  # noqa: F403
from db.texts.targets import *  # noqa: F403
from db.texts.weekly_assign import *  # noqa: F403
from db.texts.workbench import *  # noqa: F403
