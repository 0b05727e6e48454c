"""assess_frame over a partitioned frame on a dask.distributed LocalCluster with two
worker processes gives the same answer as one process."""

import pandas as pd
import pytest

import learning_city as lc

from conftest import FULL_RECORD

dd = pytest.importorskip("dask.dataframe", reason="needs dask[dataframe] (the `test` extra)")
distributed = pytest.importorskip("distributed", reason="needs dask[distributed] (the `test` extra)")


def community_years(n=200):
    rows = []
    for i in range(n):
        r = dict(FULL_RECORD, unit=f"c-{i:03d}")
        r["participants"] = 400 + 7 * i
        r["activities_by_month"] = [(i + m) % 4 for m in range(12)]
        r["reports"] = ";".join(r["reports"][: i % 13])
        if i % 17 == 0:
            r["residents"] = -i  # an error row
        rows.append(r)
    df = pd.DataFrame(rows, index=pd.RangeIndex(1000, 1000 + n, name="row"))
    # The monthly counts as twelve columns, as a spreadsheet has them.
    for m in range(12):
        df[f"activities_by_month_{m + 1}"] = df["activities_by_month"].str[m]
    return df.drop(columns=["activities_by_month"])


def test_dask_local_cluster_matches_one_process():
    df = community_years()
    rulebook = lc.Rulebook.builtin("standard")
    expected = lc.assess_frame(df, rulebook)
    assert expected["error"].notna().sum() == 12  # rows 0, 17, …, 187
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        ddf = dd.from_pandas(df, npartitions=4)
        meta = lc.assess_frame(df.iloc[:0], rulebook)
        got = ddf.map_partitions(lc.assess_frame, rulebook, meta=meta).compute()
        # Every partition ran in a worker process, not here.
        pids = client.run(lambda: __import__("os").getpid())
        assert len(set(pids.values())) == 2
    pd.testing.assert_frame_equal(got, expected)
