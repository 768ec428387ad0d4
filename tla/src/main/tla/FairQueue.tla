------------------------------- MODULE FairQueue -------------------------------
(***************************************************************************)
(* The fair lock of issue #13 on one Redis: a queue of waiters in a sorted *)
(* set (score = arrival), the lock key with a TTL, a fence counter, and    *)
(* eviction of waiters that stopped heartbeating.                          *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - enqueue: ZADD NX queue <arrival> <me>: a waiter joins at the tail;   *)
(*  - an attempt, one Lua script, run by a waiter when notified and at     *)
(*    least every HeartbeatEvery ticks (the attempt is its heartbeat):     *)
(*      1. evict every other waiter whose last heartbeat is Bound or more  *)
(*         ticks old (Eviction = FALSE: the variant without eviction);     *)
(*      2. if I am not in the queue (I was evicted), ZADD me at the tail;  *)
(*      3. if the key is free AND I am the head of the queue (HeadCheck =  *)
(*         FALSE: the variant that only checks I am queued), SET key me PX *)
(*         ttl, INCR the fence, remove me from the queue: granted, with    *)
(*         the counter as the token; else record my heartbeat;             *)
(*  - release: compare-and-delete of the key;                              *)
(*  - the holder's deadline: granted + TTL on its monotonic clock (the     *)
(*    watchdog is modelled in SingleRedis); a running holder stops         *)
(*    believing at its deadline, a paused one when it runs again;          *)
(*  - faults: client pauses (bounded by MaxPause, or not), and clients     *)
(*    that crash for good (a waiter or the holder).                        *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - statements and answers are one step (SingleRedis has lost answers); *)
(*  - discrete, relative time: remaining TTL, remaining validity, the age *)
(*    of each waiter's last heartbeat (capped at Bound);                   *)
(*  - MaxToken bounds the grants and so the state space; the liveness      *)
(*    property therefore asks for the next grant only below that bound.    *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    Clients,        \* client ids (model values)
    TTL,            \* lock lease in ticks
    HeartbeatEvery, \* a running waiter attempts at least this often (ticks)
    Bound,          \* a waiter silent for Bound ticks is evicted
    MaxToken,       \* bound on grants (the fence counter)
    MaxPause,       \* 0: no pauses; 1..TTL: a pause lasts at most MaxPause ticks;
                    \* > TTL: pauses are unbounded
    Crash,          \* TRUE: a client may crash for good
    Eviction,       \* FALSE: the variant that never evicts
    HeadCheck,      \* FALSE: the variant that grants to any queued waiter
    MaxFaults       \* pauses and crashes per behaviour

ASSUME TTL \in Nat \ {0} /\ HeartbeatEvery \in Nat \ {0} /\ Bound \in Nat \ {0}
ASSUME MaxToken \in Nat /\ MaxPause \in Nat /\ MaxFaults \in Nat
ASSUME Crash \in BOOLEAN /\ Eviction \in BOOLEAN /\ HeadCheck \in BOOLEAN

NoOwner == "none"
Running == -1
BoundedPause == MaxPause <= TTL

VARIABLES
    queue,      \* the sorted set, in score (arrival) order
    age,        \* client -> ticks since its last heartbeat (capped at Bound)
    owner,      \* the lock key's value (NoOwner: absent)
    keyTTL,     \* ticks until the key expires
    counter,    \* the fence counter
    phase,      \* client -> "idle" | "queued" | "held" (believes it holds)
    left,       \* client -> ticks until the holder's local deadline
    paused,     \* client -> Running, or ticks the client has been stopped
    crashed,    \* client -> it crashed for good
    silent,     \* history: client -> it stopped heartbeating since it enqueued
    faults      \* faults injected so far

vars == <<queue, age, owner, keyTTL, counter, phase, left, paused, crashed, silent, faults>>

Init ==
    /\ queue = <<>>
    /\ age = [c \in Clients |-> 0]
    /\ owner = NoOwner /\ keyTTL = 0 /\ counter = 0
    /\ phase = [c \in Clients |-> "idle"]
    /\ left = [c \in Clients |-> 0]
    /\ paused = [c \in Clients |-> Running]
    /\ crashed = [c \in Clients |-> FALSE]
    /\ silent = [c \in Clients |-> FALSE]
    /\ faults = 0

Runs(c) == paused[c] = Running /\ ~crashed[c]
Queued(c) == \E i \in 1..Len(queue) : queue[i] = c
Without(s, c) == SelectSeq(s, LAMBDA d : d # c)
(* The waiters ahead of c (all of the queue if c is not in it). *)
Ahead(c) == IF Queued(c)
            THEN {queue[i] : i \in 1..(CHOOSE j \in 1..Len(queue) : queue[j] = c) - 1}
            ELSE {queue[i] : i \in 1..Len(queue)}

-----------------------------------------------------------------------------
(* Client actions                                                          *)

Enqueue(c) ==
    /\ Runs(c) /\ phase[c] = "idle" /\ counter < MaxToken
    /\ queue' = Append(queue, c)
    /\ age' = [age EXCEPT ![c] = 0]
    /\ phase' = [phase EXCEPT ![c] = "queued"]
    /\ silent' = [silent EXCEPT ![c] = FALSE]
    /\ UNCHANGED <<owner, keyTTL, counter, left, paused, crashed, faults>>

Attempt(c) ==
    /\ Runs(c) /\ phase[c] = "queued"
    /\ LET kept == IF Eviction THEN SelectSeq(queue, LAMBDA d : d = c \/ age[d] < Bound)
                   ELSE queue
           q == IF \E i \in 1..Len(kept) : kept[i] = c THEN kept ELSE Append(kept, c)
           mayTake == IF HeadCheck THEN Head(q) = c ELSE TRUE
       IN IF owner = NoOwner /\ mayTake /\ counter < MaxToken
          THEN /\ queue' = Without(q, c)
               /\ owner' = c /\ keyTTL' = TTL
               /\ counter' = counter + 1
               /\ phase' = [phase EXCEPT ![c] = "held"]
               /\ left' = [left EXCEPT ![c] = TTL]
               /\ UNCHANGED <<age, silent>>
          ELSE /\ queue' = q
               /\ age' = [age EXCEPT ![c] = 0]
               /\ UNCHANGED <<owner, keyTTL, counter, phase, left>>
               \* queueing again after an eviction starts a new wait
               /\ silent' = IF q = kept THEN silent ELSE [silent EXCEPT ![c] = FALSE]
    /\ UNCHANGED <<paused, crashed, faults>>

Release(c) ==
    /\ Runs(c) /\ phase[c] = "held"
    /\ owner' = IF owner = c THEN NoOwner ELSE owner
    /\ keyTTL' = IF owner = c THEN 0 ELSE keyTTL
    /\ phase' = [phase EXCEPT ![c] = "idle"]
    /\ left' = [left EXCEPT ![c] = 0]
    /\ UNCHANGED <<queue, age, counter, paused, crashed, silent, faults>>

-----------------------------------------------------------------------------
(* Faults                                                                  *)

Pause(c) ==
    /\ MaxPause > 0 /\ faults < MaxFaults /\ Runs(c)
    /\ paused' = [paused EXCEPT ![c] = 0]
    /\ silent' = [silent EXCEPT ![c] = TRUE]
    /\ faults' = faults + 1
    /\ UNCHANGED <<queue, age, owner, keyTTL, counter, phase, left, crashed>>

(* On waking, the client reads its clock before anything else. *)
Resume(c) ==
    /\ paused[c] # Running /\ ~crashed[c]
    /\ paused' = [paused EXCEPT ![c] = Running]
    /\ phase' = [phase EXCEPT ![c] = IF @ = "held" /\ left[c] = 0 THEN "idle" ELSE @]
    /\ UNCHANGED <<queue, age, owner, keyTTL, counter, left, crashed, silent, faults>>

CrashClient(c) ==
    /\ Crash /\ faults < MaxFaults /\ ~crashed[c]
    /\ crashed' = [crashed EXCEPT ![c] = TRUE]
    /\ silent' = [silent EXCEPT ![c] = TRUE]
    /\ phase' = [phase EXCEPT ![c] = "idle"]   \* it believes nothing any more
    /\ left' = [left EXCEPT ![c] = 0]
    /\ faults' = faults + 1
    /\ UNCHANGED <<queue, age, owner, keyTTL, counter, paused>>

-----------------------------------------------------------------------------
(* Time. A running waiter attempts when its heartbeat is due, so time      *)
(* waits for it; a bounded pause ends within MaxPause ticks.               *)

MustActFirst(c) ==
    IF crashed[c] THEN FALSE
    ELSE IF paused[c] = Running THEN phase[c] = "queued" /\ age[c] >= HeartbeatEvery
    ELSE BoundedPause /\ paused[c] >= MaxPause

Dec(x) == IF x > 0 THEN x - 1 ELSE 0

Tick ==
    /\ \A c \in Clients : ~MustActFirst(c)
    /\ keyTTL' = Dec(keyTTL)
    /\ owner' = IF keyTTL <= 1 THEN NoOwner ELSE owner
    /\ left' = [c \in Clients |-> Dec(left[c])]
    /\ phase' = [c \in Clients |->
                   IF phase[c] = "held" /\ Runs(c) /\ left[c] <= 1 THEN "idle" ELSE phase[c]]
    /\ age' = [c \in Clients |-> IF Queued(c) /\ age[c] < Bound THEN age[c] + 1 ELSE age[c]]
    /\ paused' = [c \in Clients |->
                    IF paused[c] # Running /\ BoundedPause /\ paused[c] < MaxPause
                    THEN paused[c] + 1 ELSE paused[c]]
    /\ UNCHANGED <<queue, counter, crashed, silent, faults>>

Next ==
    \/ Tick
    \/ \E c \in Clients :
          \/ Enqueue(c) \/ Attempt(c) \/ Release(c)
          \/ Pause(c) \/ Resume(c) \/ CrashClient(c)

Spec == Init /\ [][Next]_vars

(* For liveness: time passes, and running clients attempt, release and     *)
(* wake up when they can. Faults and enqueueing are never forced.          *)
FairSpec ==
    /\ Spec
    /\ WF_vars(Tick)
    /\ \A c \in Clients : WF_vars(Attempt(c)) /\ WF_vars(Release(c)) /\ WF_vars(Resume(c))

-----------------------------------------------------------------------------
(* Properties                                                              *)

TypeOK ==
    /\ queue \in Seq(Clients) /\ Len(queue) <= Cardinality(Clients)
    /\ \A c \in Clients : phase[c] = "held" => ~Queued(c)
    /\ owner \in Clients \cup {NoOwner}

(* No two clients believe they hold the lock at the same time. *)
MutualExclusion ==
    \A c, d \in Clients : c # d => ~(phase[c] = "held" /\ phase[d] = "held")

(* Live waiters are granted in arrival order: when a waiter is granted,    *)
(* every waiter ahead of it in the queue has stopped heartbeating at some  *)
(* point since it enqueued.                                                *)
FIFO ==
    [][\A c \in Clients :
          (phase[c] # "held" /\ phase'[c] = "held") => \A d \in Ahead(c) : silent[d]]_vars

(* No hang: once a waiter that has not crashed is queued, a next grant     *)
(* comes, unless every such waiter crashes first (below the bound of the  *)
(* model).                                                                 *)
LiveWaiter == \E c \in Clients : phase[c] = "queued" /\ ~crashed[c]
NoHang ==
    \A k \in 0..MaxToken - 1 : (LiveWaiter /\ counter = k) ~> (counter > k \/ ~LiveWaiter)

Perms == Permutations(Clients)
=============================================================================
