"""Load the documents, version facts and use-policy items of the knowledge base.

Part of the loader (see advisor.rules.loader): each function checks one YAML document's
structure and raises StructureError with the path of the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor.model import AupCategory, Document, Source, VersionFacts, read_only
from advisor.rules.structure import (
    StructureError,
    YamlPath,
    closest,
    expect_bool,
    expect_list,
    expect_mapping,
    expect_str,
)

DOCUMENT_KINDS = ("agreement", "use_policy", "model_card", "faq", "unofficial", "code_license")
PRODUCT_TRIGGERS = ("none", "uses", "contains")


def load_documents(raw: Any, root: Path) -> dict[str, Document]:
    top = expect_mapping(raw, (), required=("documents",))
    entries = expect_mapping(top["documents"], ("documents",), optional=tuple(top["documents"] or ()))
    documents: dict[str, Document] = {}
    for doc_id, entry in entries.items():
        path: YamlPath = ("documents", doc_id)
        expect_mapping(entry, path, required=("file", "title", "kind"), optional=("version", "url"))
        kind = expect_str(entry["kind"], path + ("kind",))
        if kind not in DOCUMENT_KINDS:
            raise StructureError(path + ("kind",), f'unknown document kind "{kind}"{closest(kind, DOCUMENT_KINDS)}')
        file = expect_str(entry["file"], path + ("file",))
        if not (root / file).is_file():
            raise StructureError(path + ("file",), f"document file {file} is not in resources/")
        version = entry.get("version")
        url = expect_str(entry.get("url"), path + ("url",), allow_none=True)
        documents[doc_id] = Document(doc_id, file, expect_str(entry["title"], path + ("title",)), kind, version, url)
    return documents


def parse_source(raw: Any, path: YamlPath, documents: dict[str, Document]) -> Source:
    """A citation; `fragment:` (optional) gives the reason its quote may start inside a sentence."""
    entry = expect_mapping(raw, path, required=("document", "section", "quote"), optional=("fragment",))
    document = expect_str(entry["document"], path + ("document",))
    if document not in documents:
        raise StructureError(
            path + ("document",), f'unknown document "{document}"{closest(document, tuple(documents))}'
        )
    return Source(
        document,
        expect_str(entry["section"], path + ("section",)),
        expect_str(entry["quote"], path + ("quote",)),
        expect_str(entry["fragment"], path + ("fragment",)) if "fragment" in entry else "",
    )


def load_versions(raw: Any, documents: dict[str, Document]) -> dict[str, VersionFacts]:
    top = expect_mapping(raw, (), required=("versions",))
    versions: dict[str, VersionFacts] = {}
    fields = ("name", "release_date", "agreement", "use_policy", "built_with", "notice", "name_prefix")
    flags = ("published_agreement", "eu_multimodal_restriction", "outputs_restriction")
    for version_id, entry in expect_mapping(
        top["versions"], ("versions",), optional=tuple(top["versions"] or ())
    ).items():
        path: YamlPath = ("versions", version_id)
        expect_mapping(
            entry,
            path,
            required=fields + flags + ("multimodal_models", "clauses"),
            optional=("hub_license_id", "scancode_key", "product_trigger", "multimodal_architectures", "name_aliases"),
        )
        trigger = entry.get("product_trigger", "none")
        if trigger not in PRODUCT_TRIGGERS:
            raise StructureError(path + ("product_trigger",), "product_trigger is none, uses or contains")
        name = expect_str(entry["name"], path + ("name",))
        release_date = expect_str(entry["release_date"], path + ("release_date",))
        values = {key: expect_str(entry[key], path + (key,), allow_none=True) for key in fields[2:]}
        for key in ("agreement", "use_policy"):
            if values[key] is not None and values[key] not in documents:
                raise StructureError(path + (key,), f'unknown document "{values[key]}"')
        if entry["multimodal_models"] not in ("none", "some", "all"):
            raise StructureError(path + ("multimodal_models",), "multimodal_models is none, some or all")
        clauses_raw = expect_mapping(entry["clauses"], path + ("clauses",), optional=tuple(entry["clauses"] or ()))
        clauses = {
            name: parse_source(value, path + ("clauses", name), documents) for name, value in clauses_raw.items()
        }
        flag = {key: expect_bool(entry[key], path + (key,)) for key in flags}
        versions[str(version_id)] = VersionFacts(
            id=str(version_id),
            name=name,
            release_date=release_date,
            agreement=values["agreement"],
            use_policy=values["use_policy"],
            built_with=values["built_with"],
            notice=values["notice"],
            name_prefix=values["name_prefix"],
            multimodal_models=entry["multimodal_models"],
            published_agreement=flag["published_agreement"],
            eu_multimodal_restriction=flag["eu_multimodal_restriction"],
            outputs_restriction=flag["outputs_restriction"],
            clauses=read_only(clauses),
            product_trigger=trigger,
            hub_license_id=expect_str(entry.get("hub_license_id"), path + ("hub_license_id",), allow_none=True),
            scancode_key=expect_str(entry.get("scancode_key"), path + ("scancode_key",), allow_none=True),
            multimodal_architectures=_strings(entry, path, "multimodal_architectures"),
            name_aliases=_strings(entry, path, "name_aliases"),
        )
        if entry["eu_multimodal_restriction"] != ("eu_multimodal" in clauses):
            raise StructureError(
                path + ("eu_multimodal_restriction",), "must be true exactly when an eu_multimodal clause is given"
            )
        if entry["outputs_restriction"] != ("outputs_restriction" in clauses):
            raise StructureError(
                path + ("outputs_restriction",), "must be true exactly when an outputs_restriction clause is given"
            )
    return versions


def _strings(entry: dict[str, Any], path: YamlPath, key: str) -> tuple[str, ...]:
    """An optional list of strings, as a tuple (empty when absent)."""
    items = expect_list(entry.get(key, []), path + (key,))
    return tuple(expect_str(item, path + (key, index)) for index, item in enumerate(items))


def load_aup(raw: Any, versions: dict[str, VersionFacts]) -> dict[str, AupCategory]:
    top = expect_mapping(raw, (), required=("categories",))
    categories: dict[str, AupCategory] = {}
    for index, entry in enumerate(expect_list(top["categories"], ("categories",))):
        path: YamlPath = ("categories", index)
        expect_mapping(entry, path, required=("id", "label", "position", "texts"))
        category_id = expect_str(entry["id"], path + ("id",))
        if category_id in categories:
            raise StructureError(path + ("id",), f'duplicate category id "{category_id}"')
        texts: dict[str, Source] = {}
        lead_ins: dict[str, tuple[str, ...]] = {}
        texts_raw = expect_mapping(entry["texts"], path + ("texts",), optional=tuple(versions))
        for version_id, item in texts_raw.items():
            item_path = path + ("texts", version_id)
            expect_mapping(item, item_path, required=("section", "quote"), optional=("lead_in", "fragment"))
            lead_ins[version_id] = tuple(
                expect_str(line, item_path + ("lead_in", i))
                for i, line in enumerate(expect_list(item.get("lead_in", []), item_path + ("lead_in",)))
            )
            policy = versions[version_id].use_policy
            if policy is None:
                raise StructureError(item_path, f"version {version_id} has no use policy")
            texts[version_id] = Source(
                policy,
                expect_str(item["section"], item_path + ("section",)),
                expect_str(item["quote"], item_path + ("quote",)),
                expect_str(item["fragment"], item_path + ("fragment",)) if "fragment" in item else "",
            )
        categories[category_id] = AupCategory(
            category_id,
            expect_str(entry["label"], path + ("label",)),
            str(entry["position"]),
            read_only(texts),
            read_only(lead_ins),
        )
    return categories
