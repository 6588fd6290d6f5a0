"""Mutual recognition of digital standards (issue 12).

* Registry (public; the secretariat edits): eight domains, each with the Malaysian instrument, the
  Kenyan instrument and the international reference (with sources), a recognition status and its
  dated history. Loaded on migrate (``registry_data.py``) and by ``demo.seed``.
* Conformance check: ``corridor.engines.conformance`` (pure Python) checks a UBL 2.1 Invoice /
  CreditNote, its MyInvois JSON form or an eTIMS sales payload against the EN, MY, KE, XB and CL
  packs, by page (/standards/check/), API (POST /api/standards/check/) and CLI
  (``corridor standards check FILE… [--pack EN,MY] --json``). Only a record of each check is kept.
* Council indicators: domains recognised / in negotiation, checks run and the share passing, by
  country of the checking organisation (``indicators.py``).
"""
