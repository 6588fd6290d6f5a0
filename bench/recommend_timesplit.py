"""Partner recommendations on a time split of the demo's recorded interactions.

Builds the demo (``corridor seed-demo``) in a fresh SQLite database under a temporary
``CORRIDOR_VAR_DIR``, takes its recorded interactions (meeting requests, not cancelled, in the
order they were made), and splits them in time: the first ``--train`` share is the past, the rest
the future to predict. For each organisation that made or accepted a request in the future, the
relevant partners are the organisations it asked (gain 1) or met (an accepted request, gain 2 for
both sides). Partners it already had in the past are left out of its truth: predicting a known
partner is not a recommendation.

Compared, each ranking the other country's organisations: ours (``engines.recommend`` on the
profiles and postings as they are, no feedback), BM25 over postings and description, popularity
(the organisations most asked in the past) and random order (mean of 20 shuffles). Metrics and
95% bootstrap intervals as in ``recommend_eval``.

The demo's seeder draws its meeting requests at random among each event's registrants of the
other country, independent of what the organisations offer or need. Knowing who registered is
therefore what predicts them: popularity (past requests name the registrants) is the baseline to
beat here, and random order shows the floor. Only 25-odd organisations have a future partner,
so the intervals are wide. Real recorded interactions go through the same measurement.

Prints ``BENCH engine=recommend size=demo-timesplit interactions=… train=… test=…
evaluated_orgs=… ndcg10=… ndcg10_ci=… mrr=… recall10=… bm25_ndcg10=… bm25_ndcg10_ci=…
popularity_ndcg10=… random_ndcg10=…``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import tempfile
from collections import Counter

import recommend_eval as E
from _common import bench_line


def split(interactions: list[tuple[int, int, bool]], train_share: float):
    """``(past pairs, future relevance)`` from ``(requester, receiver, accepted)`` in time order."""
    cut = int(round(train_share * len(interactions)))
    past, future = interactions[:cut], interactions[cut:]
    known = {(a, b) for a, b, _ok in past} | {(b, a) for a, b, _ok in past}
    relevance: dict[int, dict[int, int]] = {}
    for a, b, accepted in future:
        for x, y, gain in ((a, b, 2 if accepted else 1), (b, a, 2 if accepted else 0)):
            if gain and (x, y) not in known:
                relevance.setdefault(x, {})[y] = max(gain, relevance.get(x, {}).get(y, 0))
    return past, relevance


def popularity(orgs, past) -> dict[int, list[int]]:
    asked = Counter(b for _a, b, _ok in past)
    by_country: dict[str, list[int]] = {}
    for o in orgs:
        by_country.setdefault(o.country, []).append(o.id)
    ranked = {c: sorted(ids, key=lambda i: (-asked[i], i)) for c, ids in by_country.items()}
    return {o.id: [i for c, ids in ranked.items() if c != o.country for i in ids][: E.K] for o in orgs}


def shuffled(orgs, seed: int) -> dict[int, list[int]]:
    rng = random.Random(seed)
    out = {}
    for o in orgs:
        others = [x.id for x in orgs if x.country != o.country]
        rng.shuffle(others)
        out[o.id] = others[: E.K]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--organisations", type=int, default=320)
    ap.add_argument("--train", type=float, default=0.7)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="corridor-bench-recommend-")
    os.environ["CORRIDOR_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/demo.sqlite3"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from corridor.matchmaking.enums import RequestStatus
    from corridor.matchmaking.models import MeetingRequest
    from corridor.orgs.recommendations import profiles

    call_command("migrate", verbosity=0)
    call_command("seed_demo", organisations=args.organisations, stdout=io.StringIO())
    orgs = profiles()
    ids = {o.id for o in orgs}
    interactions = [
        (a, b, status == RequestStatus.ACCEPTED)
        for a, b, status in MeetingRequest.objects.exclude(status=RequestStatus.CANCELLED)
        .order_by("created_at", "id")
        .values_list("requester__organisation_id", "receiver__organisation_id", "status")
        if a in ids and b in ids and a != b
    ]
    past, relevance = split(interactions, args.train)
    ours = E.metrics(E.ours(orgs), relevance)
    bm25 = E.metrics(E.bm25(orgs), relevance)
    pop = E.metrics(popularity(orgs, past), relevance)
    rand = [E.metrics(shuffled(orgs, seed), relevance)["ndcg10"].mean() for seed in range(20)]

    def ci(x):
        lo, hi = E.bootstrap(x)
        return f"{lo:.3f}..{hi:.3f}"

    bench_line(
        "recommend",
        "demo-timesplit",
        interactions=len(interactions),
        train=len(past),
        test=len(interactions) - len(past),
        evaluated_orgs=len(ours["ndcg10"]),
        ndcg10=round(ours["ndcg10"].mean(), 4),
        ndcg10_ci=ci(ours["ndcg10"]),
        mrr=round(ours["mrr"].mean(), 4),
        recall10=round(ours["recall10"].mean(), 4),
        bm25_ndcg10=round(bm25["ndcg10"].mean(), 4),
        bm25_ndcg10_ci=ci(bm25["ndcg10"]),
        popularity_ndcg10=round(pop["ndcg10"].mean(), 4),
        random_ndcg10=round(sum(rand) / len(rand), 4),
    )


if __name__ == "__main__":
    main()
