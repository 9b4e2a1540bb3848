"""What our tantivy stub adds to tantivy's own (every name it declares is checked in
``tests/search/test_stubs.py``)."""


def test_the_stubs_declare_the_total_that_tantivys_own_stub_lacks() -> None:
    import tantivy

    schema = tantivy.SchemaBuilder().add_text_field("body").build()
    index = tantivy.Index(schema)
    writer = index.writer(15_000_000, 1)
    for text in ("one market", "two market", "three"):
        document = tantivy.Document()
        document.add_text("body", text)
        writer.add_document(document)
    writer.commit()
    index.reload()
    result = index.searcher().search(tantivy.Query.term_query(schema, "body", "market"), 1)
    assert len(result.hits) == 1 and result.count == 2
