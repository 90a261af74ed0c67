"""Every change to reports, by what it does: `editing` (create a report, edit it, correct a
final one by a new version), `printing` (the PDF laid out by the worker, and making a report
final with it), `kinds` (what a cell's report and a committee's differ by), `committees` (the
committee's register of documents, and the committee a cell belongs to over time) and `entered`
(the figures of years without records)."""
