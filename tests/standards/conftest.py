from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
EXAMPLES = sorted((SHARED / "ubl_en16931" / "examples").glob("*"))
MY_SAMPLES = sorted((SHARED / "myinvois" / "samples").glob("*"))


def example(name: str) -> bytes:
    return (SHARED / "ubl_en16931" / "examples" / name).read_bytes()


def my_sample(name: str) -> bytes:
    return (SHARED / "myinvois" / "samples" / name).read_bytes()


ETIMS_SALE = {
    "tin": "P051234567X",
    "bhfId": "00",
    "invcNo": 17,
    "orgInvcNo": 0,
    "custTin": "A012345678Z",
    "custNm": "Nairobi Buyer Ltd (fictional)",
    "salesTyCd": "N",
    "rcptTyCd": "S",
    "pmtTyCd": "01",
    "salesSttsCd": "02",
    "cfmDt": "20250301120000",
    "salesDt": "20250301",
    "totItemCnt": 1,
    "taxblAmtA": 0,
    "taxblAmtB": 1160,
    "taxblAmtC": 0,
    "taxblAmtD": 0,
    "taxblAmtE": 0,
    "taxRtA": 0,
    "taxRtB": 16,
    "taxRtC": 0,
    "taxRtD": 0,
    "taxRtE": 8,
    "taxAmtA": 0,
    "taxAmtB": 160,
    "taxAmtC": 0,
    "taxAmtD": 0,
    "taxAmtE": 0,
    "totTaxblAmt": 1160,
    "totTaxAmt": 160,
    "totAmt": 1160,
    "itemList": [
        {
            "itemSeq": 1,
            "itemCd": "KE2NTXU0000001",
            "itemClsCd": "5020230500",
            "itemNm": "Tea",
            "qtyUnitCd": "KG",
            "qty": 10,
            "prc": 116,
            "splyAmt": 1160,
            "dcRt": 0,
            "dcAmt": 0,
            "taxTyCd": "B",
            "taxblAmt": 1160,
            "taxAmt": 160,
            "totAmt": 1160,
        }
    ],
}


@pytest.fixture
def etims_sale():
    import copy

    return copy.deepcopy(ETIMS_SALE)
