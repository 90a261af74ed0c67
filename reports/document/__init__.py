"""The printed document of a report, a cell's (`Report`) and a superior committee's
(`CommitteeReport`). `contents` gathers the figures a report holds and the records it cites, from
the counting engine; `texts` and `committee_texts` write the default texts, which name their
figures as {tokens}; `tokens` gives each token its value and its meaning; `wording` writes counts,
dates and citations as Party documents do and turns a section into HTML; `outline` numbers the
parts, `gaps` finds what a text still lacks, `chart` draws the pledges; `assembly` puts them
together into what the preview and the PDF lay out (`report_document`,
`committee_report_document`)."""
