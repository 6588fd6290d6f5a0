from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    MOU = "mou", _("MoU")
    TERM_SHEET = "term_sheet", _("Term sheet")
    SIGNED = "signed", _("Signed")
    OPERATING = "operating", _("Operating")
    DISSOLVED = "dissolved", _("Dissolved")


#: The pipeline's order (dissolved is off the line: any open stage may end there).
PIPELINE = [Stage.IDEA, Stage.MOU, Stage.TERM_SHEET, Stage.SIGNED, Stage.OPERATING]

#: Allowed moves. Forward only (a stage may be skipped where practice skips it: an MoU is not
#: always followed by a term sheet); any open stage may dissolve; dissolved is terminal.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDEA: frozenset({Stage.MOU, Stage.TERM_SHEET, Stage.SIGNED, Stage.DISSOLVED}),
    Stage.MOU: frozenset({Stage.TERM_SHEET, Stage.SIGNED, Stage.DISSOLVED}),
    Stage.TERM_SHEET: frozenset({Stage.SIGNED, Stage.DISSOLVED}),
    Stage.SIGNED: frozenset({Stage.OPERATING, Stage.DISSOLVED}),
    Stage.OPERATING: frozenset({Stage.DISSOLVED}),
    Stage.DISSOLVED: frozenset(),
}


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    PARTNER = "partner", _("Partner")
    INVESTOR = "investor", _("Investor")


class OriginKind(models.TextChoices):
    MEETING = "meeting", _("Matchmaking meeting")
    GRANT = "grant", _("Grant award")
    PLACEMENT = "placement", _("Exchange placement")
    RECOMMENDATION = "recommendation", _("Partner recommendation")
    OTHER = "other", _("Other")


class FigureKind(models.TextChoices):
    GII_RANK = "gii_rank", _("WIPO Global Innovation Index: rank")
    GII_SCORE = "gii_score", _("WIPO Global Innovation Index: score")
    MOBILE_MONEY_VALUE = "mobile_money_value", _("Mobile-money transaction value")
    AGENT_CASH_VALUE = "agent_cash_value", _("Cash handled by mobile-money agents")
    EPAYMENT_VALUE = "epayment_value", _("Retail e-payment transaction value")
    EPAYMENT_COUNT = "epayment_count", _("E-payment transactions")
    DUITNOW_GROWTH = "duitnow_growth", _("DuitNow Transfer growth")
    EMONEY_GROWTH = "emoney_growth", _("E-money (incl. e-wallet) transaction growth")
    STARTUP_FUNDING = "startup_funding", _("Startup funding raised")
