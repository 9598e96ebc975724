"""Matchers on ECB+ dev topics: TF-IDF, all-MiniLM-L6-v2 (numpy, bench/minilm_numpy.py), their mean, the
build's events, and events gated by each score, as same-event sentence pairs (best-threshold F1, and
the best F1 with precision at least 0.80).  Run bench/claims_ecbplus.py first (it builds the topics).

    python bench/claims_ecbplus_matchers.py 1,3,4,5,6,7
"""
import sys, json, itertools
from pathlib import Path; sys.path.insert(0, str(Path(__file__).resolve().parent)); sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from collections import defaultdict
import numpy as np, pandas as pd, time
from sklearn.feature_extraction.text import TfidfVectorizer
import claims_ecbplus as CE
from minilm_numpy import MiniLM
m=MiniLM()
T=[int(x) for x in sys.argv[1].split(',')]
docs=[json.loads(l) for l in (CE.ECB/'gold.jsonl').read_text().splitlines() if l.strip()]
by=defaultdict(list)
for d in docs: by[d['topic']].append(d)
rows=[]; enc_t=0; n_enc=0
for t in T:
    keys,cross,gold,span,text=CE.gold_topic(by[t],t)
    claims=pd.read_parquet(Path(__import__('tempfile').gettempdir()) / f'ecbplus-eval-ecb{t}' / 'claims.parquet')
    pred,_=CE.predicted(claims,'event_id',span)
    t0=time.perf_counter(); E=m.encode([text[k] for k in keys]); enc_t+=time.perf_counter()-t0; n_enc+=len(keys)
    idx={k:i for i,k in enumerate(keys)}
    X=TfidfVectorizer(stop_words='english').fit_transform([text[k] for k in keys]); S=(X@X.T).toarray()
    for a,b in cross:
        rows.append((S[idx[a],idx[b]], float(E[idx[a]]@E[idx[b]]), (a,b) in pred, (a,b) in gold))
r=np.array(rows,dtype=float); tf,em,ev,g=r[:,0],r[:,1],r[:,2]>0,r[:,3]>0
def best(score, mask=None):
    out=(0,0,0,0)
    for th in np.linspace(0.0,0.95,96):
        p=(score>=th) & (mask if mask is not None else True)
        tp=(p&g).sum(); P=tp/max(1,p.sum()); R=tp/g.sum(); F=2*P*R/(P+R) if P+R else 0
        if F>out[0]: out=(F,P,R,th)
    return out
def at_p(score, mask=None, pmin=0.8):
    out=(0,0,0,0)
    for th in np.linspace(0.0,0.95,96):
        p=(score>=th) & (mask if mask is not None else True)
        tp=(p&g).sum(); P=tp/max(1,p.sum()); R=tp/g.sum(); F=2*P*R/(P+R) if P+R else 0
        if P>=pmin and F>out[0]: out=(F,P,R,th)
    return out
print(f'{len(r)} pairs, {int(g.sum())} gold; MiniLM (numpy) {n_enc/enc_t:.0f} sentences/s')
for name,sc,mask in [('tfidf',tf,None),('minilm',em,None),('mean tfidf+minilm',(tf+em)/2,None),('events (build)',ev.astype(float),None),('events & minilm',em,ev),('events & tfidf',tf,ev),('events & mean',(tf+em)/2,ev)]:
    F,P,R,th=best(sc,mask); F8,P8,R8,th8=at_p(sc,mask)
    print(f'{name:20s} best F1 {F:.3f} (P {P:.3f} R {R:.3f} at {th:.2f}) | best with P>=0.8: F1 {F8:.3f} (P {P8:.3f} R {R8:.3f} at {th8:.2f})')
