from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    EINVOICING = "einvoicing", _("E-invoicing")
    ESIGNATURES = "esignatures", _("Electronic signatures and trust services")
    TRANSFERABLE_RECORDS = "transferable_records", _("Electronic transferable records")
    DATA_PROTECTION = "data_protection", _("Data protection and cross-border transfer")
    EPAYMENTS = "epayments", _("E-payments and QR codes")
    PAPERLESS_TRADE = "paperless_trade", _("Paperless trade and single windows")
    CONSUMER_PROTECTION = "consumer_protection", _("Online consumer protection")
    PRODUCT_CONFORMITY = "product_conformity", _("Product conformity")


class RecognitionStatus(models.TextChoices):
    RECOGNISED = "recognised", _("Recognised")
    EQUIVALENT = "equivalent", _("Equivalent with conditions")
    NEGOTIATING = "negotiating", _("In negotiation")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class Side(models.TextChoices):
    MALAYSIA = "MY", _("Malaysia")
    KENYA = "KE", _("Kenya")
    INTERNATIONAL = "INTL", _("International reference")


class DocumentKind(models.TextChoices):
    UBL_INVOICE = "ubl-invoice", _("UBL 2.1 Invoice (XML)")
    UBL_CREDIT_NOTE = "ubl-creditnote", _("UBL 2.1 CreditNote (XML)")
    MYINVOIS_JSON = "myinvois-json", _("MyInvois UBL JSON")
    ETIMS_JSON = "etims-json", _("KRA eTIMS sales payload")
