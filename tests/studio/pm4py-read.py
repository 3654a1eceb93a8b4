"""Reads motcua's XES and OCEL 2.0 exports with pm4py and prints what pm4py sees, as JSON."""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import pm4py  # noqa: E402

xes_path, ocel_path = sys.argv[1], sys.argv[2]
log = pm4py.read_xes(xes_path)
variants = pm4py.get_variants(log)
ocel = pm4py.read_ocel2_json(ocel_path)
objects = ocel.objects
print(json.dumps({
    "xes": {
        "cases": int(log["case:concept:name"].nunique()),
        "events": int(len(log)),
        "activities": sorted(str(a) for a in log["concept:name"].unique()),
        "groups": sorted(str(a) for a in log["org:group"].unique()),
        "variants": {" → ".join(k): int(v if isinstance(v, int) else len(v)) for k, v in variants.items()},
    },
    "ocel": {
        "events": int(len(ocel.events)),
        "activities": sorted(str(a) for a in ocel.events[ocel.event_activity].unique()),
        "objectsByType": {str(k): int(v) for k, v in objects[ocel.object_type_column].value_counts().items()},
        "relations": int(len(ocel.relations)),
    },
}))
