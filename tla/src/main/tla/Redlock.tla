-------------------------------- MODULE Redlock --------------------------------
(***************************************************************************)
(* The Redlock lock of distlock with its quorum fencing token: the three- *)
(* round token the library had until a9dab12 (TwoRound = FALSE) and the    *)
(* two-round token it has since (TwoRound = TRUE).                         *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - N independent Redis masters, each with its own clock for TTL expiry. *)
(*    A clock may run fast by at most MaxSkew ticks over a key's lifetime  *)
(*    (bounded drift; modelled as the worst case, see below) and may jump  *)
(*    forward by ClockJump (a fault);                                      *)
(*  - quorum token, phase 1: read the fence counters of a majority;        *)
(*    proposed = max read + 1;                                             *)
(*  - phase 2: the client reads its monotonic clock (t0), then sends every *)
(*    node a script: SET key owner NX PX ttl and, if set, fence :=         *)
(*    max(fence, proposed). Each node answers ok / refused, or the request *)
(*    is lost and the client's per-node timeout counts it as a failure;    *)
(*  - the decision once every node is settled: validity = TTL - elapsed -  *)
(*    Drift; acquired iff a majority said ok and validity > 0; the local   *)
(*    deadline is t0 + TTL - Drift and the token is the proposed value.    *)
(*    Otherwise, and when the holder is done, release on every node        *)
(*    (compare-and-delete);                                                *)
(*  - a running holder stops believing when its deadline is reached; a     *)
(*    client may pause at any time (for example between learning that it  *)
(*    holds and using the lock) for as long as it likes (ClientPause)      *)
(*    and notices the deadline only when it runs again;                    *)
(*  - crash-restart of a node, without persistence (the key and the       *)
(*    counter are lost) or with appendfsync always (nothing is lost; the   *)
(*    node answers nothing while down).                                    *)
(*                                                                         *)
(* The two-round token (TwoRound = TRUE, issue #15), as the library has it *)
(* since a9dab12 (RedlockBackend, Scripts.ACQUIRE_PROPOSED):               *)
(*  - the client remembers the highest token it has seen for the lock (its *)
(*    leases' tokens and the counters nodes reported; 0 before anything)   *)
(*    and proposes p = that + 1;                                           *)
(*  - t0 = the client's monotonic clock, once, before the first request;  *)
(*  - one script on every node, in both rounds: if the key is held by      *)
(*    another owner, refuse ("held", no counter); else if fence >= p,      *)
(*    refuse ("stale", answer fence); else SET key owner PX ttl and        *)
(*    fence := p, answer ok (with p). A key that is the client's own (set  *)
(*    in round 1, or left over) does not count as held;                    *)
(*  - round 1 decision: acquired with token p iff a majority answered ok   *)
(*    and validity = TTL - (now - t0) - Drift > 0. Otherwise, if fewer     *)
(*    than a majority answered ok but ok + stale answers make a majority,  *)
(*    round 2 proposes p2 = max(p, largest counter answered) + 1 and runs  *)
(*    the same script, within what is left of the same timeout and        *)
(*    validity (t0 is not taken again). Otherwise, or if round 2 does not  *)
(*    acquire, release on every node: the attempt fails (retry later from  *)
(*    round 1). The keys from round 1 stay during round 2.                 *)
(*  Why tokens rise in lock order (TokenLockOrder): an earlier holder with *)
(*  token t left fence >= t on a majority, and fences never go down while  *)
(*  nodes keep them. A later holder took a majority whose counters were   *)
(*  below its proposal when its script ran there; the shared node gave the *)
(*  lock to the earlier holder first (it cannot have given it to both at   *)
(*  once), so the later proposal is above t. The three-round token breaks *)
(*  this for a slow acquirer: it reads the counters, others acquire and   *)
(*  release with larger tokens, then its SET NX succeeds, max(fence,       *)
(*  proposed) keeps the larger counter and the lease gets the stale        *)
(*  proposal. A node that forgets its counter (restart without            *)
(*  persistence) breaks both protocols.                                    *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - discrete, relative time: remaining TTL per key, remaining validity  *)
(*    per lease, elapsed ticks of an acquisition;                          *)
(*  - bounded drift is modelled by its worst case: every node clock gains  *)
(*    the full MaxSkew over every key, so a key lives TTL - MaxSkew ticks  *)
(*    of real time. A slower clock only keeps a key longer; whatever a     *)
(*    client sees of a longer-lived key (a refusal) it can also see from a *)
(*    lost request, which is modelled, so no behaviour of the clients is   *)
(*    lost by this;                                                        *)
(*  - the phase-1 read is one step that reads a majority of the nodes that *)
(*    are up (any majority); each node's script is a step of its own, so   *)
(*    other clients may acquire and release, whole, between a client's     *)
(*    read and its scripts (no time needs to pass: a slow acquirer);       *)
(*  - a round settles when every node answered or timed out (the library   *)
(*    decides as soon as the outcome is known; a late script can only      *)
(*    raise a counter or leave a key that expires);                        *)
(*  - release is part of the step that decides it (a failed acquisition,  *)
(*    the end of the work) and reaches every node that is up; a lost or    *)
(*    late release only leaves a key that expires, never a second holder.  *)
(*    A holder whose deadline passed just stops; its keys expire;          *)
(*  - leases are not extended (the watchdog is modelled in SingleRedis);   *)
(*  - owner values are unique per lease; each client has one acquisition  *)
(*    or release at a time, so the client id stands for the owner value;   *)
(*  - TokenMonotonic and TokenLockOrder ask for a strictly larger token   *)
(*    (the library's guard accepts an equal one; two equal tokens in lock  *)
(*    order are already a defect: the guard cannot tell the holders apart); *)
(*  - MaxToken bounds the proposals and so the state space.               *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
    Clients,        \* client ids (model values)
    Nodes,          \* Redis masters (model values)
    TTL,            \* lease TTL in ticks
    Drift,          \* the drift allowance subtracted from the validity (ttl*0.01 + 2ms)
    MaxSkew,        \* how many ticks a node clock may gain over one key's lifetime
    Timeout,        \* per-node timeout in ticks: phase 2 settles within it
    MaxToken,       \* bound on proposed tokens
    ClientPause,    \* TRUE: clients may pause, for any length of time
    ClockJump,      \* size of a forward jump of one node's clock (0: none)
    Crash,          \* "none" | "volatile" (no persistence) | "persistent" (appendfsync always)
    MaxFaults,      \* faults (jumps, crashes, pauses) per behaviour
    TwoRound        \* FALSE: the three-round protocol (read counters, then set);
                    \* TRUE: the two-round protocol of issue #15 (see the header)

ASSUME TTL \in Nat \ {0} /\ Drift \in Nat /\ MaxSkew \in 0..TTL-1 /\ Timeout \in 1..TTL
ASSUME MaxToken \in Nat /\ ClientPause \in BOOLEAN /\ ClockJump \in Nat /\ MaxFaults \in Nat
ASSUME Crash \in {"none", "volatile", "persistent"} /\ TwoRound \in BOOLEAN

NoOwner == "none"
Quorum == Cardinality(Nodes) \div 2 + 1
Majorities == {Q \in SUBSET Nodes : Cardinality(Q) >= Quorum}
Max(S) == CHOOSE m \in S : \A x \in S : x <= m

VARIABLES
    owner,      \* node -> lock key value (NoOwner: absent)
    keyTTL,     \* node -> ticks of the node's clock until its key expires
    fence,      \* node -> fence counter
    up,         \* node -> the node is running
    faults,     \* faults injected so far
    phase,      \* client -> "idle" | "set" | "held"
    prop,       \* client -> proposed token of the acquisition; the lease's token
    acks,       \* client -> node -> "wait" | "ok" | "no" (three-round protocol); two-round:
                \* "wait" | "ok" | "held" | "stale" | "lost" (timed out)
    elapsed,    \* client -> ticks since t0 of the acquisition (capped at TTL)
    left,       \* client -> ticks until the lease's local deadline
    paused,     \* client -> the client is stopped
    done,       \* history: largest token of a completed acquisition, i.e. of every
                \* holder so far (TokenLockOrder compares a new holder with it)
    floor,      \* history: done when the client's current acquisition started
    \* Two-round protocol only (constant when TwoRound = FALSE):
    round,      \* client -> 1 (propose) | 2 (fallback) while phase = "set"
    best,       \* client -> largest counter in this round's ok and stale replies
    hint        \* client -> the highest token it has seen (0: none yet)

nodeVars == <<owner, keyTTL, fence, up>>
clientVars == <<phase, prop, acks, elapsed, left, paused>>
twoVars == <<round, best, hint>>
vars == <<nodeVars, faults, clientVars, done, floor, twoVars>>

Init ==
    /\ owner = [n \in Nodes |-> NoOwner]
    /\ keyTTL = [n \in Nodes |-> 0]
    /\ fence = [n \in Nodes |-> 0]
    /\ up = [n \in Nodes |-> TRUE]
    /\ faults = 0
    /\ phase = [c \in Clients |-> "idle"]
    /\ prop = [c \in Clients |-> 0]
    /\ acks = [c \in Clients |-> [n \in Nodes |-> "wait"]]
    /\ elapsed = [c \in Clients |-> 0]
    /\ left = [c \in Clients |-> 0]
    /\ paused = [c \in Clients |-> FALSE]
    /\ done = 0
    /\ floor = [c \in Clients |-> 0]
    /\ round = [c \in Clients |-> 1]
    /\ best = [c \in Clients |-> 0]
    /\ hint = [c \in Clients |-> 0]

-----------------------------------------------------------------------------
(* Client actions. A paused client takes none of them.                     *)

(* Three-round protocol: phase 1 (read a majority's counters), start of   *)
(* phase 2; the scripts run later, each a step of its own. Two-round       *)
(* protocol: t0 and round 1 at once, proposing above the highest token the *)
(* client has seen (fresh or not: the nodes decide).                       *)
StartAcquire(c) ==
    /\ ~paused[c] /\ phase[c] = "idle"
    /\ IF TwoRound
       THEN /\ hint[c] < MaxToken
            /\ prop' = [prop EXCEPT ![c] = hint[c] + 1]
       ELSE \E Q \in Majorities :
               /\ \A n \in Q : up[n]
               /\ LET p == Max({fence[n] : n \in Q}) + 1
                  IN /\ p <= MaxToken
                     /\ prop' = [prop EXCEPT ![c] = p]
    /\ phase' = [phase EXCEPT ![c] = "set"]
    /\ acks' = [acks EXCEPT ![c] = [n \in Nodes |-> "wait"]]
    /\ elapsed' = [elapsed EXCEPT ![c] = 0]
    /\ floor' = [floor EXCEPT ![c] = done]
    /\ UNCHANGED <<nodeVars, faults, left, paused, done, twoVars>>

(* Three-round protocol: node n runs c's set script: SET NX PX, and on   *)
(* success fence := max(fence, proposed), answer ok; else refused.         *)
SetOnNode(c, n) ==
    /\ ~TwoRound
    /\ phase[c] = "set" /\ acks[c][n] = "wait" /\ up[n]
    /\ IF owner[n] = NoOwner
       THEN /\ owner' = [owner EXCEPT ![n] = c]
            /\ keyTTL' = [keyTTL EXCEPT ![n] = TTL - MaxSkew]
            /\ fence' = [fence EXCEPT ![n] = IF prop[c] > @ THEN prop[c] ELSE @]
            /\ acks' = [acks EXCEPT ![c][n] = "ok"]
       ELSE /\ acks' = [acks EXCEPT ![c][n] = "no"]
            /\ UNCHANGED <<owner, keyTTL, fence>>
    /\ UNCHANGED <<up, faults, phase, prop, elapsed, left, paused, done, floor, twoVars>>

(* Two-round protocol, either round: node n runs c's acquire script       *)
(* (Scripts.ACQUIRE_PROPOSED). Held by another owner: "held", no counter.  *)
(* Else fence >= proposed: "stale" with the counter. Else SET key owner PX *)
(* ttl (a key that is c's own is set again) and fence := proposed, ok.     *)
ProposeOnNode(c, n) ==
    /\ TwoRound
    /\ phase[c] = "set" /\ acks[c][n] = "wait" /\ up[n]
    /\ CASE owner[n] \notin {NoOwner, c} ->
              /\ acks' = [acks EXCEPT ![c][n] = "held"]
              /\ UNCHANGED <<owner, keyTTL, fence, best>>
         [] fence[n] >= prop[c] ->
              /\ acks' = [acks EXCEPT ![c][n] = "stale"]
              /\ best' = [best EXCEPT ![c] = IF fence[n] > @ THEN fence[n] ELSE @]
              /\ UNCHANGED <<owner, keyTTL, fence>>
         [] OTHER ->
              /\ owner' = [owner EXCEPT ![n] = c]
              /\ keyTTL' = [keyTTL EXCEPT ![n] = TTL - MaxSkew]
              /\ fence' = [fence EXCEPT ![n] = prop[c]]
              /\ acks' = [acks EXCEPT ![c][n] = "ok"]
              /\ best' = [best EXCEPT ![c] = IF prop[c] > @ THEN prop[c] ELSE @]
    /\ UNCHANGED <<up, faults, phase, prop, elapsed, left, paused, done, floor, round, hint>>

(* The request to n, or its answer, is lost (or n is down): after the    *)
(* per-node timeout the client counts n as failed (two-round protocol:    *)
(* "lost", no counter from n).                                             *)
LoseOnNode(c, n) ==
    /\ phase[c] = "set" /\ acks[c][n] = "wait"
    /\ acks' = [acks EXCEPT ![c][n] = IF TwoRound THEN "lost" ELSE "no"]
    /\ UNCHANGED <<nodeVars, faults, phase, prop, elapsed, left, paused, done, floor, twoVars>>

Validity(c) == TTL - elapsed[c] - Drift
Settled(c) == \A n \in Nodes : acks[c][n] # "wait"
Oks(c) == Cardinality({n \in Nodes : acks[c][n] = "ok"})
Acquired(c) == Oks(c) >= Quorum /\ Validity(c) > 0

(* Round 2's proposal: above the proposal and every counter answered. *)
Retry(c) == IF best[c] > prop[c] THEN best[c] + 1 ELSE prop[c] + 1

(* Round 1 lost only because its proposal was behind: fewer than a        *)
(* majority ok, but ok and stale answers make a majority.                  *)
CanFallBack(c) ==
    /\ TwoRound /\ round[c] = 1 /\ Oks(c) < Quorum
    /\ Cardinality({n \in Nodes : acks[c][n] \in {"ok", "stale"}}) >= Quorum
    /\ Retry(c) <= MaxToken

(* Compare-and-delete on every node that is up. *)
ReleaseKeys(c) ==
    /\ owner' = [n \in Nodes |-> IF up[n] /\ owner[n] = c THEN NoOwner ELSE owner[n]]
    /\ keyTTL' = [n \in Nodes |-> IF up[n] /\ owner[n] = c THEN 0 ELSE keyTTL[n]]

(* Variables that no longer matter are reset, so that states differing    *)
(* only in them are one state. Two-round protocol: round 1 ends here when *)
(* it acquired or cannot fall back (or round 2 would exceed MaxToken, a    *)
(* bound of the model), round 2 always. The client remembers the highest   *)
(* counter answered (its token among them if it acquired).                 *)
Decide(c) ==
    /\ ~paused[c] /\ phase[c] = "set" /\ Settled(c)
    /\ ~CanFallBack(c)
    /\ IF Acquired(c)
       THEN /\ phase' = [phase EXCEPT ![c] = "held"]
            /\ left' = [left EXCEPT ![c] = Validity(c)]
            /\ done' = IF prop[c] > done THEN prop[c] ELSE done
            /\ UNCHANGED <<owner, keyTTL, prop>>
       ELSE /\ phase' = [phase EXCEPT ![c] = "idle"]
            /\ ReleaseKeys(c)
            /\ prop' = [prop EXCEPT ![c] = 0]
            /\ UNCHANGED <<left, done>>
    /\ hint' = [hint EXCEPT ![c] = IF best[c] > @ THEN best[c] ELSE @]
    /\ acks' = [acks EXCEPT ![c] = [n \in Nodes |-> "wait"]]
    /\ elapsed' = [elapsed EXCEPT ![c] = 0]
    /\ floor' = [floor EXCEPT ![c] = 0]
    /\ round' = [round EXCEPT ![c] = 1]
    /\ best' = [best EXCEPT ![c] = 0]
    /\ UNCHANGED <<fence, up, faults, paused>>

(* Two-round protocol: round 1's proposal was behind. Round 2 proposes    *)
(* above every counter answered, with the same script, the same t0 and     *)
(* what is left of the same timeout. Keys set in round 1 stay.             *)
Fallback(c) ==
    /\ ~paused[c] /\ phase[c] = "set" /\ Settled(c) /\ CanFallBack(c)
    /\ round' = [round EXCEPT ![c] = 2]
    /\ prop' = [prop EXCEPT ![c] = Retry(c)]
    /\ hint' = [hint EXCEPT ![c] = IF best[c] > @ THEN best[c] ELSE @]
    /\ best' = [best EXCEPT ![c] = 0]
    /\ acks' = [acks EXCEPT ![c] = [n \in Nodes |-> "wait"]]
    /\ UNCHANGED <<nodeVars, faults, phase, elapsed, left, paused, done, floor>>

(* The holder is done with its work and releases. *)
Finish(c) ==
    /\ ~paused[c] /\ phase[c] = "held"
    /\ phase' = [phase EXCEPT ![c] = "idle"]
    /\ ReleaseKeys(c)
    /\ prop' = [prop EXCEPT ![c] = 0]
    /\ left' = [left EXCEPT ![c] = 0]
    /\ UNCHANGED <<fence, up, faults, acks, elapsed, paused, done, floor, twoVars>>

-----------------------------------------------------------------------------
(* Clocks and faults.                                                      *)

Drop(n) == /\ owner' = [owner EXCEPT ![n] = NoOwner]
           /\ keyTTL' = [keyTTL EXCEPT ![n] = 0]

Jump(n) ==
    /\ ClockJump > 0 /\ faults < MaxFaults /\ owner[n] # NoOwner
    /\ IF keyTTL[n] <= ClockJump THEN Drop(n)
       ELSE keyTTL' = [keyTTL EXCEPT ![n] = @ - ClockJump] /\ UNCHANGED owner
    /\ faults' = faults + 1
    /\ UNCHANGED <<fence, up, clientVars, done, floor, twoVars>>

CrashNode(n) ==
    /\ Crash # "none" /\ faults < MaxFaults /\ up[n]
    /\ up' = [up EXCEPT ![n] = FALSE]
    /\ IF Crash = "volatile"
       THEN Drop(n) /\ fence' = [fence EXCEPT ![n] = 0]
       ELSE UNCHANGED <<owner, keyTTL, fence>>
    /\ faults' = faults + 1
    /\ UNCHANGED <<clientVars, done, floor, twoVars>>

RestartNode(n) ==
    /\ ~up[n]
    /\ up' = [up EXCEPT ![n] = TRUE]
    /\ UNCHANGED <<owner, keyTTL, fence, faults, clientVars, done, floor, twoVars>>

Pause(c) ==
    /\ ClientPause /\ faults < MaxFaults /\ ~paused[c]
    /\ paused' = [paused EXCEPT ![c] = TRUE]
    /\ faults' = faults + 1
    /\ UNCHANGED <<nodeVars, phase, prop, acks, elapsed, left, done, floor, twoVars>>

(* On waking, the client reads its clock before anything else. *)
Resume(c) ==
    /\ paused[c]
    /\ paused' = [paused EXCEPT ![c] = FALSE]
    /\ IF phase[c] = "held" /\ left[c] = 0
       THEN /\ phase' = [phase EXCEPT ![c] = "idle"]
            /\ prop' = [prop EXCEPT ![c] = 0]
       ELSE UNCHANGED <<phase, prop>>
    /\ UNCHANGED <<nodeVars, faults, acks, elapsed, left, done, floor, twoVars>>

(* A running client settles phase 2 within the per-node timeout, and a    *)
(* running holder stops believing when its deadline is reached. Paused     *)
(* clients keep believing. Pauses are unbounded here; SingleRedis shows    *)
(* the bounded case.                                                       *)
MustActFirst(c) == ~paused[c] /\ phase[c] = "set" /\ elapsed[c] + 1 >= Timeout

Dec(x) == IF x > 0 THEN x - 1 ELSE 0
Expires(c) == phase[c] = "held" /\ ~paused[c] /\ left[c] <= 1

Tick ==
    /\ \A c \in Clients : ~MustActFirst(c)
    /\ keyTTL' = [n \in Nodes |-> Dec(keyTTL[n])]
    /\ owner' = [n \in Nodes |-> IF keyTTL[n] <= 1 THEN NoOwner ELSE owner[n]]
    /\ elapsed' = [c \in Clients |-> IF phase[c] = "set" /\ elapsed[c] < TTL
                                     THEN elapsed[c] + 1 ELSE elapsed[c]]
    /\ left' = [c \in Clients |-> Dec(left[c])]
    /\ phase' = [c \in Clients |-> IF Expires(c) THEN "idle" ELSE phase[c]]
    /\ prop' = [c \in Clients |-> IF Expires(c) THEN 0 ELSE prop[c]]
    /\ UNCHANGED <<fence, up, faults, acks, paused, done, floor, twoVars>>

Next ==
    \/ Tick
    \/ \E n \in Nodes : Jump(n) \/ CrashNode(n) \/ RestartNode(n)
    \/ \E c \in Clients :
          \/ StartAcquire(c) \/ Decide(c) \/ Fallback(c) \/ Finish(c)
          \/ Pause(c) \/ Resume(c)
          \/ \E n \in Nodes : SetOnNode(c, n) \/ ProposeOnNode(c, n) \/ LoseOnNode(c, n)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties                                                              *)

TypeOK ==
    /\ owner \in [Nodes -> Clients \cup {NoOwner}]
    /\ keyTTL \in [Nodes -> 0..TTL]
    /\ phase \in [Clients -> {"idle", "set", "held"}]
    /\ \A c \in Clients : phase[c] = "held" /\ ~paused[c] => left[c] > 0

(* No two clients believe they hold the lock at the same time. *)
MutualExclusion ==
    \A c, d \in Clients : c # d => ~(phase[c] = "held" /\ phase[d] = "held")

(* An acquisition that starts after another one completed gets a larger  *)
(* token.                                                                  *)
TokenMonotonic ==
    [][\A c \in Clients :
          (phase[c] # "held" /\ phase'[c] = "held") => prop[c] > floor[c]]_vars

(* Tokens rise in lock order: a client that becomes the holder while its  *)
(* keys are on a majority (so no one else can hold then) gets a token      *)
(* larger than that of every earlier holder (done), whenever its           *)
(* acquisition started. This is what a fenced resource needs to accept the *)
(* holder and reject every earlier one. It implies TokenMonotonic for such *)
(* holders; unlike it, it also covers a slow acquirer that started before  *)
(* the others completed (RedlockLockOrderTokenIT). A client that decides   *)
(* after a clock jump removed one of its keys holds no majority: the lock  *)
(* is already broken (MutualExclusion), and its token may be below that of *)
(* the client that took the key, which is what lets the guard reject it.  *)
KeysOnMajority(c) == Cardinality({n \in Nodes : owner[n] = c}) >= Quorum

TokenLockOrder ==
    [][\A c \in Clients :
          (phase[c] # "held" /\ phase'[c] = "held" /\ KeysOnMajority(c))
             => prop[c] > done]_vars

(* Clients are interchangeable, and so are nodes: the symmetry group is  *)
(* the product of the two permutation groups.                              *)
Perms == {[x \in Clients \cup Nodes |-> IF x \in Clients THEN p[x] ELSE q[x]] :
             p \in Permutations(Clients), q \in Permutations(Nodes)}
=============================================================================
