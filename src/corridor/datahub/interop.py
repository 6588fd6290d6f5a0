"""Machine-readable descriptions: DCAT-AP 3 (rdflib), schema.org Dataset and Croissant JSON-LD.

Each function takes the records (already fetched with their relations) and ``base``, the site's
absolute URL, so the same output serves pages, the API and tests.
"""

from __future__ import annotations

import json
import warnings

from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from .enums import FORMAT_MIME, LICENCE_URLS, AccessLevel

DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 terms (version, hasVersion) too
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_ACCESS = Namespace("http://publications.europa.eu/resource/authority/access-right/")
EU_FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_FILETYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
DCATAP = Namespace("http://data.europa.eu/r5r/")

ACCESS_RIGHTS = {
    AccessLevel.OPEN: "PUBLIC",
    AccessLevel.REGISTERED: "RESTRICTED",
    AccessLevel.RESTRICTED: "NON_PUBLIC",
}
FREQUENCIES = {
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "never": "NEVER",
}
FILETYPES = {"csv": "CSV", "parquet": "PARQUET", "jsonl": "JSON", "json": "JSON", "other": "BIN"}
ISO3 = {"MY": "MYS", "KE": "KEN"}
CROISSANT_TYPES = {
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "datetime": "sc:DateTime",
    "string": "sc:Text",
}


def _abs(base: str, path: str) -> str:
    return base.rstrip("/") + path


def file_url(base: str, datafile) -> str:
    return _abs(base, reverse("datahub:download", args=[datafile.pk]))


def _add_dataset(g: Graph, dataset, versions, base: str) -> URIRef:
    ds = URIRef(_abs(base, dataset.get_absolute_url()))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(dataset.title, lang="en")))
    g.add((ds, DCTERMS.description, Literal(dataset.description, lang="en")))
    g.add((ds, DCTERMS.identifier, Literal(dataset.identifier)))
    g.add((ds, DCAT.landingPage, ds))
    g.add((ds, DCTERMS.modified, Literal(dataset.updated_at.isoformat(), datatype=XSD.dateTime)))
    g.add((ds, DCTERMS.accessRights, EU_ACCESS[ACCESS_RIGHTS[dataset.access_level]]))
    g.add((ds, DCTERMS.accrualPeriodicity, EU_FREQ[FREQUENCIES.get(dataset.update_frequency, "UNKNOWN")]))
    publisher = URIRef(_abs(base, f"/orgs/{dataset.organisation.slug}/"))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(dataset.organisation.name)))
    contact = BNode()
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(dataset.organisation.name)))
    g.add((contact, VCARD.hasURL, URIRef(_abs(base, dataset.get_absolute_url()))))
    for theme in dataset.themes:
        g.add((ds, DCAT.keyword, Literal(theme, lang="en")))
    for sector in dataset.sectors.all():
        g.add((ds, DCAT.keyword, Literal(sector.name, lang="en")))
    for country in dataset.countries.all():
        g.add((ds, DCTERMS.spatial, EU_COUNTRY[ISO3.get(country.code, country.code)]))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            g.add((period, DCAT.startDate, Literal(dataset.temporal_start.isoformat(), datatype=XSD.date)))
        if dataset.temporal_end:
            g.add((period, DCAT.endDate, Literal(dataset.temporal_end.isoformat(), datatype=XSD.date)))
    latest = versions[0] if versions else None
    if latest is not None:
        g.add((ds, DCAT.version, Literal(str(latest.number))))
        g.add((ds, DCTERMS.issued, Literal(versions[-1].published_at.isoformat(), datatype=XSD.dateTime)))
    for version in versions:
        v = URIRef(_abs(base, version.get_absolute_url()))
        g.add((ds, DCAT.hasVersion, v))
        g.add((v, RDF.type, DCAT.Dataset))
        g.add((v, DCTERMS.identifier, Literal(version.identifier)))
        g.add((v, DCAT.version, Literal(str(version.number))))
        g.add((v, DCTERMS.title, Literal(f"{dataset.title} v{version.number}", lang="en")))
        g.add((v, DCTERMS.description, Literal(version.notes or dataset.description, lang="en")))
    if latest is not None:
        for datafile in latest.files.all():
            dist = URIRef(_abs(base, datafile.get_absolute_url()))
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, Literal(datafile.title, lang="en")))
            g.add((dist, DCAT.accessURL, URIRef(_abs(base, datafile.get_absolute_url()))))
            g.add((dist, DCAT.downloadURL, URIRef(file_url(base, datafile))))
            g.add(
                (
                    dist,
                    DCAT.mediaType,
                    URIRef(f"http://www.iana.org/assignments/media-types/{FORMAT_MIME[datafile.format]}"),
                )
            )
            g.add((dist, DCTERMS.format, EU_FILETYPE[FILETYPES[datafile.format]]))
            g.add((dist, DCAT.byteSize, Literal(datafile.size, datatype=XSD.nonNegativeInteger)))
            g.add((dist, DCTERMS.accessRights, EU_ACCESS[ACCESS_RIGHTS[dataset.access_level]]))
            licence = LICENCE_URLS.get(datafile.licence)
            if licence:
                g.add((dist, DCTERMS.license, URIRef(licence)))
            else:
                g.add((dist, DCTERMS.rights, Literal("Terms of the data-sharing agreement", lang="en")))
            checksum = BNode()
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(datafile.checksum, datatype=XSD.hexBinary)))
    return ds


def _bind(g: Graph) -> None:
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("spdx", SPDX),
        ("vcard", VCARD),
        ("adms", ADMS),
        ("dcatap", DCATAP),
    ):
        g.bind(prefix, ns)


def dataset_graph(dataset, versions, base: str) -> Graph:
    g = Graph()
    _bind(g)
    _add_dataset(g, dataset, versions, base)
    return g


def catalogue_graph(datasets_with_versions, base: str) -> Graph:
    g = Graph()
    _bind(g)
    cat = URIRef(_abs(base, reverse("datahub:catalogue")))
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("Corridor data hub", lang="en")))
    g.add(
        (
            cat,
            DCTERMS.description,
            Literal("Datasets shared under the Malaysia–Kenya digital trade partnership.", lang="en"),
        )
    )
    publisher = URIRef(_abs(base, "/"))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("Malaysia–Kenya Digital Trade Council secretariat")))
    g.add((cat, FOAF.homepage, URIRef(_abs(base, reverse("datahub:catalogue")))))
    for dataset, versions in datasets_with_versions:
        g.add((cat, DCAT.dataset, _add_dataset(g, dataset, versions, base)))
    return g


def serialise(graph: Graph, fmt: str) -> str:
    if fmt == "turtle":
        return graph.serialize(format="turtle")
    with warnings.catch_warnings():  # rdflib's JSON-LD plugin uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return graph.serialize(format="json-ld", auto_compact=True)


def schema_org(dataset, versions, base: str) -> dict:
    latest = versions[0] if versions else None
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description[:5000],
        "url": _abs(base, dataset.get_absolute_url()),
        "identifier": dataset.identifier,
        "keywords": list(dataset.themes) + [s.name for s in dataset.sectors.all()],
        "isAccessibleForFree": True,
        "conditionsOfAccess": dataset.get_access_level_display(),
        "creator": {"@type": "Organization", "name": dataset.organisation.name},
        "spatialCoverage": [c.name for c in dataset.countries.all()],
        "dateModified": dataset.updated_at.isoformat(),
    }
    if dataset.temporal_start or dataset.temporal_end:
        start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
        end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    if latest is not None:
        data["version"] = str(latest.number)
        files = list(latest.files.all())
        licences = sorted({LICENCE_URLS.get(f.licence) for f in files if LICENCE_URLS.get(f.licence)})
        if licences:
            data["license"] = licences[0]
        data["distribution"] = [
            {
                "@type": "DataDownload",
                "name": f.title,
                "encodingFormat": FORMAT_MIME[f.format],
                "contentUrl": file_url(base, f),
                "contentSize": f"{f.size} B",
                "sha256": f.checksum,
            }
            for f in files
        ]
    return data


def schema_org_script(dataset, versions, base: str) -> str:
    """JSON for a ``<script type="application/ld+json">`` data block, with ``<`` escaped."""
    return json.dumps(schema_org(dataset, versions, base), ensure_ascii=False).replace("<", "\\u003c")


CROISSANT_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "sc": "https://schema.org/",
    "samplingRate": "cr:samplingRate",
    "equivalentProperty": "cr:equivalentProperty",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _cr_id(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)


def croissant(dataset, version, base: str) -> dict:
    """Croissant 1.0 JSON-LD of one published version (FileObjects with SHA-256; a RecordSet
    with typed fields per tabular file)."""
    files = list(version.files.all())
    licence = next((LICENCE_URLS[f.licence] for f in files if LICENCE_URLS.get(f.licence)), None)
    distribution, record_sets = [], []
    for f in files:
        file_id = _cr_id(f"file-{f.pk}-{f.title}")
        distribution.append(
            {
                "@type": "cr:FileObject",
                "@id": file_id,
                "name": file_id,
                "description": f.title,
                "contentUrl": file_url(base, f),
                "contentSize": f"{f.size} B",
                "encodingFormat": FORMAT_MIME[f.format] if f.format != "jsonl" else "application/jsonlines",
                "sha256": f.checksum,
            }
        )
        if f.is_tabular and f.table_schema:
            rs_id = _cr_id(f"records-{f.pk}")
            fields = []
            for field in f.table_schema.get("fields", []):
                entry = {
                    "@type": "cr:Field",
                    "@id": f"{rs_id}/{_cr_id(field['name'])}",
                    "name": field["name"],
                    "description": field.get("description") or field.get("title") or field["name"],
                    "dataType": CROISSANT_TYPES.get(field.get("type", "string"), "sc:Text"),
                    "source": {"fileObject": {"@id": file_id}, "extract": {"column": field["name"]}},
                }
                fields.append(entry)
            record_sets.append({"@type": "cr:RecordSet", "@id": rs_id, "name": rs_id, "field": fields})
    data = {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "name": _cr_id(f"{dataset.slug}-v{version.number}"),
        "description": dataset.description[:5000],
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "url": _abs(base, version.get_absolute_url()),
        "version": f"{version.number}.0.0",
        "citeAs": f"{dataset.organisation.name}. {dataset.title}, version {version.number}. {version.identifier}. "
        f"{_abs(base, version.get_absolute_url())}",
        "creator": {"@type": "sc:Organization", "name": dataset.organisation.name},
        "datePublished": (version.published_at or version.created_at).date().isoformat(),
        "keywords": list(dataset.themes),
        "distribution": distribution,
        "recordSet": record_sets,
        "rai:dataCollection": dataset.methodology[:5000] or "See the dataset page.",
        "rai:dataLimitations": dataset.caveats[:5000] or "None stated.",
        "rai:personalSensitiveInformation": "Contains personal data; shared only under agreement."
        if dataset.personal_data
        else "No personal data.",
    }
    if licence:
        data["license"] = licence
    return data
