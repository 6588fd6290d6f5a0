import json
import re

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from corridor.datahub import interop, queries


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt,parse", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_catalogue_dcat_has_required_dcat_ap_properties(hub, client, fmt, parse):
    response = client.get(f"/data/catalogue.{fmt}")
    assert response.status_code == 200
    g = Graph().parse(data=response.content.decode(), format=parse)
    catalogues = list(g.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    cat = catalogues[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
        assert g.value(cat, prop) is not None, prop
    datasets = set(g.objects(cat, DCAT.dataset))
    assert len(datasets) == 4  # the published ones; never the draft
    for ds in datasets:
        assert g.value(ds, DCTERMS.title) is not None
        assert g.value(ds, DCTERMS.description) is not None
        assert g.value(ds, DCTERMS.accessRights) is not None
        assert g.value(ds, DCAT.contactPoint) is not None
        assert "SECRET draft" not in str(g.value(ds, DCTERMS.title))
        dists = list(g.objects(ds, DCAT.distribution))
        assert dists
        for dist in dists:
            assert g.value(dist, DCAT.accessURL) is not None
            assert g.value(dist, DCTERMS.license) is not None or g.value(dist, DCTERMS.rights) is not None
            assert g.value(dist, DCAT.byteSize) is not None


@pytest.mark.django_db
def test_dataset_dcat_and_versions(hub, client):
    dataset, version, datafile = hub["open"]
    response = client.get(f"/data/{dataset.slug}/dcat.ttl")
    g = Graph().parse(data=response.content.decode(), format="turtle")
    ds = next(g.subjects(RDF.type, DCAT.Dataset))
    identifiers = {str(o) for o in g.objects(None, DCTERMS.identifier)}
    assert version.identifier in identifiers and dataset.identifier in identifiers
    assert client.get(f"/data/{hub['draft'][0].slug}/dcat.ttl").status_code == 404
    assert ds is not None


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_croissant_validates_with_mlcroissant(hub, client):
    import mlcroissant as mlc

    dataset, version, datafile = hub["open"]
    response = client.get(f"/data/{dataset.slug}/v{version.number}/croissant.json")
    assert response.status_code == 200
    data = response.json()
    ds = mlc.Dataset(jsonld=data)  # raises ValidationError on an invalid description
    assert ds.metadata.name == data["name"]
    fields = [f.name for f in ds.metadata.record_sets[0].fields]
    assert fields == ["id", "name", "age", "postcode", "joined"]
    assert data["distribution"][0]["sha256"] == datafile.checksum


@pytest.mark.django_db
def test_schema_org_json_ld_is_embedded_as_a_data_block(hub, client):
    dataset, version, datafile = hub["open"]
    html = client.get(dataset.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Dataset" and data["name"] == dataset.title
    assert data["distribution"][0]["sha256"] == datafile.checksum
    # The only script on the page without src is this non-executable data block (strict CSP).
    assert not re.findall(r"<script(?![^>]*(src=|application/ld\+json))", html)
    for snippet in ("pd.read_csv", "duckdb.sql", "load_dataset(", "mlcroissant"):
        assert snippet in html


@pytest.mark.django_db
def test_schema_org_escapes_markup(hub, personas):
    from corridor.datahub import services

    dataset = hub["open"][0]
    services.update_dataset(
        by=personas.alice, dataset=dataset, description="</script><script>alert(1)</script>"
    )
    text = interop.schema_org_script(dataset, queries.published_versions(dataset), "http://x")
    assert "</script>" not in text
