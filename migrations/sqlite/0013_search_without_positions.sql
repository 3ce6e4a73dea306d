-- PostgreSQL's search documents lose their positions in this version; SQLite's FTS5 index
-- keeps its own (its detail setting is fixed when the table is made), so nothing changes
-- here. The file keeps the two folders' versions alike.
SELECT 1;
