----------------------------- MODULE SingleRedis -----------------------------
(***************************************************************************)
(* The single-Redis lock of distlock, as impl implements it.               *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - acquire: one Lua script, SET key owner NX PX ttl; if it set the key, *)
(*    INCR fence:key and return the counter as the fencing token;          *)
(*  - the watchdog: a compare-and-pexpire renewal RenewEvery ticks after   *)
(*    the last successful acquire/renewal was sent;                        *)
(*  - release: compare-and-delete;                                         *)
(*  - the client's validity deadline, measured on its monotonic clock from *)
(*    BEFORE the request was sent: sent + TTL. A successful renewal moves  *)
(*    it to (renewal sent) + TTL; a failed renewal ends the lease. A       *)
(*    running client stops believing the moment its clock reaches the      *)
(*    deadline; a paused client notices only when it runs again;           *)
(*  - the server's TTL expiry on its own clock, which may jump forward;    *)
(*  - lost requests and lost replies; network delay up to the client's     *)
(*    per-request Timeout (a request not answered by then counts failed);  *)
(*  - client pauses (stop-the-world: the watchdog stops too);              *)
(*  - crash-restart of the server without persistence (key AND counter    *)
(*    are lost);                                                           *)
(*  - an asynchronous replica that lags arbitrarily and may be promoted.   *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - time is discrete, one tick = TTL/6 with the bounds of the configs.   *)
(*    Time is kept relative: the remaining TTL of the key, the remaining   *)
(*    validity of each lease, the age of each request, so that states that *)
(*    differ only in the absolute time are one state. Clients' clocks run  *)
(*    at the rate of the server's clock (single node: no drift);           *)
(*  - owner values are unique per lease; each client has at most one      *)
(*    request in flight, so the client id stands for the owner value;      *)
(*  - a request not answered within Timeout is dropped for good. A late    *)
(*    acquire, renewal or release could only leave a key nobody believes   *)
(*    in (a liveness matter), never let a second client in;               *)
(*  - crash-restart is instantaneous (requests during the outage are lost *)
(*    requests); replication copies the primary's state as a snapshot;    *)
(*  - at most MaxToken successful acquisitions per counter lifetime bound  *)
(*    the state space.                                                     *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
    Clients,        \* client ids (model values)
    TTL,            \* lease TTL in ticks
    RenewEvery,     \* watchdog period in ticks (TTL/3 in impl)
    Timeout,        \* per-request timeout in ticks
    MaxToken,       \* the fence counter's bound (bounds the state space)
    MaxPause,       \* 0: clients never pause; 1..TTL: a pause lasts at most
                    \* MaxPause ticks; > TTL: pauses are unbounded
    ClockJump,      \* size of a forward jump of the server clock (0: none)
    CrashRestart,   \* TRUE: the server may crash and restart without persistence
    Replica,        \* TRUE: an async replica exists and may be promoted (failover)
    MaxFaults       \* faults (clock jumps, crashes, failovers, pauses) per behaviour

ASSUME TTL \in Nat \ {0} /\ RenewEvery \in 1..TTL /\ Timeout \in 1..TTL
ASSUME MaxToken \in Nat /\ MaxPause \in Nat /\ ClockJump \in Nat /\ MaxFaults \in Nat
ASSUME CrashRestart \in BOOLEAN /\ Replica \in BOOLEAN

NoOwner == "none"
Running == -1                   \* value of paused[c] for a running client
BoundedPause == MaxPause <= TTL

VARIABLES
    owner,      \* lock key value on the primary (NoOwner: absent)
    keyTTL,     \* ticks of the primary's clock until the key expires
    fence,      \* fence:key counter on the primary
    rOwner, rTTL, rFence,   \* the replica's copy, as of the last sync
    faults,     \* faults injected so far
    lease,      \* client -> "none" | "held": the client believes it holds the lock
    left,       \* client -> ticks until the lease's local deadline
    token,      \* client -> fencing token of the lease
    req,        \* client -> "none" | "acq" | "ext" | "rel": request in flight
    age,        \* client -> ticks since that request was sent (capped at TTL)
    rsp,        \* client -> "none" | "ok" | "fail": its answer, not yet read
    rtok,       \* client -> token carried by an "ok" answer to an acquire
    paused,     \* client -> Running, or ticks the client has been stopped
    done,       \* history: largest token of a completed acquisition
    floor       \* history: done when the client's current acquisition started

server == <<owner, keyTTL, fence, rOwner, rTTL, rFence, faults>>
client == <<lease, left, token, req, age, rsp, rtok, paused>>
vars == <<server, client, done, floor>>

Init ==
    /\ owner = NoOwner /\ keyTTL = 0 /\ fence = 0
    /\ rOwner = NoOwner /\ rTTL = 0 /\ rFence = 0
    /\ faults = 0
    /\ lease = [c \in Clients |-> "none"]
    /\ left = [c \in Clients |-> 0]
    /\ token = [c \in Clients |-> 0]
    /\ req = [c \in Clients |-> "none"]
    /\ age = [c \in Clients |-> 0]
    /\ rsp = [c \in Clients |-> "none"]
    /\ rtok = [c \in Clients |-> 0]
    /\ paused = [c \in Clients |-> Running]
    /\ done = 0
    /\ floor = [c \in Clients |-> 0]

Runs(c) == paused[c] = Running

-----------------------------------------------------------------------------
(* Client actions. A paused client takes none of them.                     *)

Send(c, kind) ==
    /\ req' = [req EXCEPT ![c] = kind]
    /\ age' = [age EXCEPT ![c] = 0]

StartAcquire(c) ==
    /\ Runs(c) /\ lease[c] = "none" /\ req[c] = "none"
    /\ fence < MaxToken
    /\ Send(c, "acq")
    /\ floor' = [floor EXCEPT ![c] = done]
    /\ UNCHANGED <<server, lease, left, token, rsp, rtok, paused, done>>

(* The last successful request was sent TTL - left ticks ago. *)
RenewDue(c) == lease[c] = "held" /\ req[c] = "none" /\ TTL - left[c] >= RenewEvery

StartRenew(c) ==
    /\ Runs(c) /\ RenewDue(c)
    /\ Send(c, "ext")
    /\ UNCHANGED <<server, lease, left, token, rsp, rtok, paused, done, floor>>

(* The holder is done with its work; it stops believing before it sends. *)
StartRelease(c) ==
    /\ Runs(c) /\ lease[c] = "held" /\ req[c] = "none"
    /\ lease' = [lease EXCEPT ![c] = "none"]
    /\ Send(c, "rel")
    /\ UNCHANGED <<server, left, token, rsp, rtok, paused, done, floor>>

(* The deadline of an answered acquire or renewal: sent + TTL, i.e.       *)
(* TTL - age ticks from now.                                               *)
Receive(c) ==
    /\ Runs(c) /\ req[c] # "none" /\ rsp[c] # "none"
    /\ req' = [req EXCEPT ![c] = "none"]
    /\ rsp' = [rsp EXCEPT ![c] = "none"]
    /\ age' = [age EXCEPT ![c] = 0]
    /\ CASE req[c] = "acq" /\ rsp[c] = "ok" /\ age[c] < TTL ->
              /\ lease' = [lease EXCEPT ![c] = "held"]
              /\ left' = [left EXCEPT ![c] = TTL - age[c]]
              /\ token' = [token EXCEPT ![c] = rtok[c]]
              /\ done' = IF rtok[c] > done THEN rtok[c] ELSE done
         [] req[c] = "ext" /\ rsp[c] = "ok" /\ lease[c] = "held" ->
              /\ left' = [left EXCEPT ![c] = TTL - age[c]]
              /\ UNCHANGED <<lease, token, done>>
         [] req[c] = "ext" /\ rsp[c] = "fail" ->
              /\ lease' = [lease EXCEPT ![c] = "none"]
              /\ left' = [left EXCEPT ![c] = 0]
              /\ UNCHANGED <<token, done>>
         [] OTHER -> UNCHANGED <<lease, left, token, done>>
    /\ UNCHANGED <<server, rtok, paused, floor>>

-----------------------------------------------------------------------------
(* The server executes a request; its scripts are atomic.                  *)

Serve(c) ==
    /\ req[c] # "none" /\ rsp[c] = "none"
    /\ CASE req[c] = "acq" ->
              IF owner = NoOwner
              THEN /\ owner' = c
                   /\ keyTTL' = TTL
                   /\ fence' = fence + 1
                   /\ rsp' = [rsp EXCEPT ![c] = "ok"]
                   /\ rtok' = [rtok EXCEPT ![c] = fence + 1]
              ELSE /\ rsp' = [rsp EXCEPT ![c] = "fail"]
                   /\ UNCHANGED <<owner, keyTTL, fence, rtok>>
         [] req[c] = "ext" ->
              IF owner = c
              THEN /\ keyTTL' = TTL
                   /\ rsp' = [rsp EXCEPT ![c] = "ok"]
                   /\ UNCHANGED <<owner, fence, rtok>>
              ELSE /\ rsp' = [rsp EXCEPT ![c] = "fail"]
                   /\ UNCHANGED <<owner, keyTTL, fence, rtok>>
         [] req[c] = "rel" ->
              /\ owner' = IF owner = c THEN NoOwner ELSE owner
              /\ keyTTL' = IF owner = c THEN 0 ELSE keyTTL
              /\ rsp' = [rsp EXCEPT ![c] = "ok"]
              /\ UNCHANGED <<fence, rtok>>
    /\ UNCHANGED <<rOwner, rTTL, rFence, faults, lease, left, token, req, age,
                   paused, done, floor>>

(* The request or its reply is lost, or the reply comes after the client's *)
(* timeout: the client sees a failure either way.                          *)
Drop(c) ==
    /\ req[c] # "none" /\ rsp[c] \in {"none", "ok"}
    /\ rsp' = [rsp EXCEPT ![c] = "fail"]
    /\ UNCHANGED <<server, lease, left, token, req, age, rtok, paused, done, floor>>

-----------------------------------------------------------------------------
(* Replication and faults.                                                 *)

Sync ==
    /\ Replica
    /\ <<rOwner, rTTL, rFence>> # <<owner, keyTTL, fence>>
    /\ rOwner' = owner /\ rTTL' = keyTTL /\ rFence' = fence
    /\ UNCHANGED <<owner, keyTTL, fence, faults, client, done, floor>>

(* The primary is lost; the replica, with whatever it had, is promoted. *)
Failover ==
    /\ Replica /\ faults < MaxFaults
    /\ owner' = rOwner /\ keyTTL' = rTTL /\ fence' = rFence
    /\ faults' = faults + 1
    /\ UNCHANGED <<rOwner, rTTL, rFence, client, done, floor>>

Crash ==
    /\ CrashRestart /\ faults < MaxFaults
    /\ owner' = NoOwner /\ keyTTL' = 0 /\ fence' = 0
    /\ faults' = faults + 1
    /\ UNCHANGED <<rOwner, rTTL, rFence, client, done, floor>>

(* The primary's clock jumps forward: the key's remaining TTL shrinks. *)
Jump ==
    /\ ClockJump > 0 /\ faults < MaxFaults /\ owner # NoOwner
    /\ keyTTL' = IF keyTTL > ClockJump THEN keyTTL - ClockJump ELSE 0
    /\ owner' = IF keyTTL > ClockJump THEN owner ELSE NoOwner
    /\ faults' = faults + 1
    /\ UNCHANGED <<fence, rOwner, rTTL, rFence, client, done, floor>>

Pause(c) ==
    /\ MaxPause > 0 /\ faults < MaxFaults /\ Runs(c)
    /\ paused' = [paused EXCEPT ![c] = 0]
    /\ faults' = faults + 1
    /\ UNCHANGED <<owner, keyTTL, fence, rOwner, rTTL, rFence,
                   lease, left, token, req, age, rsp, rtok, done, floor>>

(* On waking, the client reads its clock before anything else. *)
Resume(c) ==
    /\ ~Runs(c)
    /\ paused' = [paused EXCEPT ![c] = Running]
    /\ lease' = [lease EXCEPT ![c] = IF left[c] = 0 THEN "none" ELSE lease[c]]
    /\ UNCHANGED <<server, left, token, req, age, rsp, rtok, done, floor>>

-----------------------------------------------------------------------------
(* Time. A running client acts on time: its watchdog fires when due and it *)
(* settles a request by its timeout, so time waits for those. At the tick, *)
(* running clients whose deadline is reached stop believing; paused ones   *)
(* keep believing. A bounded pause ends within MaxPause ticks.             *)

MustActFirst(c) ==
    IF Runs(c)
    THEN RenewDue(c) \/ (req[c] # "none" /\ age[c] + 1 >= Timeout)
    ELSE BoundedPause /\ paused[c] >= MaxPause

Dec(x) == IF x > 0 THEN x - 1 ELSE 0

Tick ==
    /\ \A c \in Clients : ~MustActFirst(c)
    /\ keyTTL' = Dec(keyTTL)
    /\ owner' = IF keyTTL <= 1 THEN NoOwner ELSE owner
    /\ rTTL' = Dec(rTTL)
    /\ rOwner' = IF rTTL <= 1 THEN NoOwner ELSE rOwner
    /\ left' = [c \in Clients |-> Dec(left[c])]
    /\ lease' = [c \in Clients |-> IF Runs(c) /\ left[c] <= 1 THEN "none" ELSE lease[c]]
    /\ age' = [c \in Clients |-> IF req[c] # "none" /\ age[c] < TTL THEN age[c] + 1 ELSE age[c]]
    /\ paused' = [c \in Clients |->
                    IF ~Runs(c) /\ BoundedPause /\ paused[c] < MaxPause
                    THEN paused[c] + 1 ELSE paused[c]]
    /\ UNCHANGED <<fence, rFence, faults, token, req, rsp, rtok, done, floor>>

Next ==
    \/ Tick \/ Sync \/ Failover \/ Crash \/ Jump
    \/ \E c \in Clients :
          \/ StartAcquire(c) \/ StartRenew(c) \/ StartRelease(c) \/ Receive(c)
          \/ Serve(c) \/ Drop(c) \/ Pause(c) \/ Resume(c)

Spec == Init /\ [][Next]_vars

(* For liveness: time passes (strong fairness: clients retrying at once   *)
(* for ever, which holds time back, is not a behaviour) and running       *)
(* clients act when they can (they always want the lock again). FairSpec   *)
(* lets the network lose every request for ever; FairDeliverySpec adds     *)
(* that a request sent again and again is eventually executed (strong      *)
(* fairness of Serve): the usual fair-lossy network. Faults are never      *)
(* forced and stay bounded.                                                *)
ClientFairness(c) ==
    /\ WF_vars(StartAcquire(c)) /\ WF_vars(StartRenew(c)) /\ WF_vars(StartRelease(c))
    /\ WF_vars(Receive(c)) /\ WF_vars(Resume(c))
FairSpec == Spec /\ SF_vars(Tick) /\ \A c \in Clients : ClientFairness(c)
FairDeliverySpec == FairSpec /\ \A c \in Clients : SF_vars(Serve(c))

-----------------------------------------------------------------------------
(* Properties                                                              *)

TypeOK ==
    /\ owner \in Clients \cup {NoOwner} /\ rOwner \in Clients \cup {NoOwner}
    /\ keyTTL \in 0..TTL /\ rTTL \in 0..TTL
    /\ lease \in [Clients -> {"none", "held"}]
    /\ left \in [Clients -> 0..TTL]
    /\ req \in [Clients -> {"none", "acq", "ext", "rel"}]
    /\ rsp \in [Clients -> {"none", "ok", "fail"}]
    /\ \A c \in Clients : lease[c] = "held" /\ Runs(c) => left[c] > 0

(* No two clients believe they hold the lock at the same time. *)
MutualExclusion ==
    \A c, d \in Clients : c # d => ~(lease[c] = "held" /\ lease[d] = "held")

(* An acquisition that starts after another one completed gets a larger  *)
(* token: the token of a lease exceeds every token handed to acquisitions  *)
(* that had completed when this one started (floor).                       *)
TokenMonotonic ==
    [][\A c \in Clients :
          (lease[c] = "none" /\ lease'[c] = "held") => token'[c] > floor[c]]_vars

(* A released (or expired) lock is granted again: whenever the key is     *)
(* absent with the counter at k, a later acquisition sets it past k        *)
(* (below the model's bound on the counter).                               *)
Reacquire == \A k \in 0..MaxToken - 1 : (owner = NoOwner /\ fence = k) ~> (fence > k)

Perms == Permutations(Clients)
=============================================================================
