"""Every write of the data hub: keyword-only, actor ``by``, permission checked, one transaction,
audited. Side effects (notifications, background runs) run on commit. Split by noun:
``datasets`` (datasets, versions, k-anonymity, publishing), ``files`` (uploads, schema,
validation, profile) and ``sharing`` (requests, agreements, downloads, tokens)."""

from .common import ALLOWED_KINDS, DATASET_FIELDS, MAX_DURATION_DAYS, local_path, max_upload_bytes
from .datasets import (
    check_anonymity,
    create_dataset,
    new_version,
    publish_version,
    set_quasi_identifiers,
    update_dataset,
)
from .files import add_file, analyse, delete_file, run_profile, start_profile, update_field_dictionary
from .sharing import (
    TOKEN_PREFIX,
    authenticate_token,
    create_token,
    decide_request,
    get_agreement,
    get_request,
    hash_key,
    open_download,
    request_access,
    revoke_agreement,
    revoke_token,
)

__all__ = [
    "ALLOWED_KINDS",
    "DATASET_FIELDS",
    "MAX_DURATION_DAYS",
    "TOKEN_PREFIX",
    "add_file",
    "analyse",
    "authenticate_token",
    "check_anonymity",
    "create_dataset",
    "create_token",
    "decide_request",
    "delete_file",
    "get_agreement",
    "get_request",
    "hash_key",
    "local_path",
    "max_upload_bytes",
    "new_version",
    "open_download",
    "publish_version",
    "request_access",
    "revoke_agreement",
    "revoke_token",
    "run_profile",
    "set_quasi_identifiers",
    "start_profile",
    "update_dataset",
    "update_field_dictionary",
]
