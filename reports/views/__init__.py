"""The reports' pages, by what they do: `kinds` (what a cell's report and a committee's differ by
on their pages), `pages` (the lists, the new report, the preview, the editor and the kept PDF),
`buttons` (the buttons that change a report's state), `committees` (the superior committee's
table of its cells, its register of documents, the cells it receives) and `cells` (a cell's
activity and the figures of its years without records). Views parse the request and call a
service or a selector."""
