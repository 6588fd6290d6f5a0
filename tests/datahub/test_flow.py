import pytest

from corridor.datahub import access
from corridor.datahub.models import DownloadLog


@pytest.mark.django_db
def test_publish_request_approve_download(hub, personas):
    shared, version, datafile = hub["shared"]
    assert datafile.format == "csv" and datafile.report["valid"], datafile.report
    assert datafile.table_schema["fields"][0]["name"] == "id"
    assert datafile.parquet
    assert version.identifier == f"corridor:dataset/{shared.slug}/v1"
    assert access.can_download(personas.bob, datafile)
    assert not access.can_download(personas.carol, datafile)
    assert not access.can_download(personas.secretariat, datafile)
    from corridor.datahub import services

    handle = services.open_download(by=personas.bob, datafile=datafile)
    assert handle.read().startswith(b"id,name")
    log = DownloadLog.objects.get()
    assert log.user == personas.bob and log.agreement == hub["agreement"]
    run = datafile.profile_runs.get()
    assert run.is_done, run.error
    assert run.result["rows"] == 3
