"""The pure core of designed processes (流程设计器): the document format's schema, its validation, conditions and
the interpreter that walks a case through a document. No database: the designer app calls it from its services."""
