"""CSV export: no cell a spreadsheet could run as a formula (OWASP CSV injection)."""
import csv
import io

import pytest

from geo.store import StoredEvent, export

PAYLOADS = [
    " =HYPERLINK(\"http://x\",\"y\")",       # a leading space: some spreadsheets trim it
    "\n=1+2",                                # a leading line feed
    "\t@SUM(A1:A2)",
    "Kyiv;=HYPERLINK(\"http://x\",\"y\")",   # read with ';' as separator, a new cell starts here
    "Kyiv, =cmd|' /C calc'!A0",
    "Kyiv\t+1+1",
    "Kyiv|-2+3",
    "＝1+2",                                  # a full-width equals sign
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_cell_starts_a_formula_whatever_the_separator(payload):
    row = StoredEvent(id=1, article_id=None, origin="extracted", type="Battles", sentence=payload,
                      actors=(payload,), place=payload)
    text = export.to_csv([row])
    for delimiter in (",", ";", "\t", "|"):  # however the spreadsheet splits the line
        for record in list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]:
            for cell in record:
                start = cell.lstrip(" \t\r\n\"")[:1]
                assert not (start and start in "=+-@＝＋－＠"), (cell, payload)


def test_cells_keep_their_text_behind_the_quote():
    row = StoredEvent(id=1, article_id=None, origin="extracted", type="Battles",
                      sentence="Shelling hit Kyiv; 3 died", place="-Kyiv", lat=-33.5)
    (record,) = list(csv.DictReader(io.StringIO(export.to_csv([row]))))
    assert record["sentence"] == "Shelling hit Kyiv; 3 died" and record["place"] == "'-Kyiv"
    assert record["lat"] == "-33.5"  # numbers are not text: left as they are
