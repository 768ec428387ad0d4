----------------------------- MODULE FencedResource -----------------------------
(***************************************************************************)
(* The FencedResource guard of distlock in front of a stock counter,       *)
(* under read-modify-write clients, in two variants:                       *)
(*  - FenceReads = TRUE (the design): an access of any kind is accepted    *)
(*    iff its token >= the highest token seen, and every accepted access,  *)
(*    read or write, records its token;                                    *)
(*  - FenceReads = FALSE: reads are neither checked nor recorded; only     *)
(*    writes are fenced.                                                   *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - the worst lock the guard must survive: tokens are handed out in      *)
(*    increasing order (TokenMonotonic holds), but a new token can be      *)
(*    handed out while older holders still believe they hold (a paused    *)
(*    or partitioned holder: MutualExclusion does NOT hold);               *)
(*  - a client decrements read-modify-write: read the stock, then write    *)
(*    read-1 (decrement-if-positive), both accesses carrying its token. A  *)
(*    rejected access ends the operation unacknowledged, and the client    *)
(*    drops its stale lease.                                               *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - the lock itself (any lock with monotonic tokens fits);              *)
(*  - MaxToken bounds the acquisitions and InitialStock the decrements.   *)
(***************************************************************************)
EXTENDS Naturals, Sequences, TLC

CONSTANTS
    Clients,        \* client ids (model values)
    MaxToken,       \* tokens handed out at most
    InitialStock,   \* initial value of the counter
    FenceReads      \* TRUE: access fencing; FALSE: write-only fencing

ASSUME FenceReads \in BOOLEAN /\ MaxToken \in Nat /\ InitialStock \in Nat

VARIABLES
    next,       \* the lock: next token to hand out
    token,      \* client -> token of the lease it believes it holds (0: none)
    stock,      \* the resource
    highest,    \* the guard: highest token recorded
    step,       \* client -> "idle" | "read": a decrement in progress
    seen,       \* client -> the value it read
    log         \* history: tokens of the accepted writes, in order

vars == <<next, token, stock, highest, step, seen, log>>

Init ==
    /\ next = 1
    /\ token = [c \in Clients |-> 0]
    /\ stock = InitialStock
    /\ highest = 0
    /\ step = [c \in Clients |-> "idle"]
    /\ seen = [c \in Clients |-> 0]
    /\ log = <<>>

(* The lock grants c a new lease, whether or not others still believe. *)
Acquire(c) ==
    /\ step[c] = "idle" /\ next <= MaxToken
    /\ token' = [token EXCEPT ![c] = next]
    /\ next' = next + 1
    /\ UNCHANGED <<stock, highest, step, seen, log>>

Accepts(t) == t >= highest

Reject(c) ==
    /\ step' = [step EXCEPT ![c] = "idle"]
    /\ token' = [token EXCEPT ![c] = 0]
    /\ seen' = [seen EXCEPT ![c] = 0]
    /\ UNCHANGED <<next, stock, highest, log>>

Read(c) ==
    /\ token[c] # 0 /\ step[c] = "idle" /\ stock > 0
    /\ IF ~FenceReads \/ Accepts(token[c])
       THEN /\ step' = [step EXCEPT ![c] = "read"]
            /\ seen' = [seen EXCEPT ![c] = stock]
            /\ highest' = IF FenceReads THEN token[c] ELSE highest
            /\ UNCHANGED <<next, token, stock, log>>
       ELSE Reject(c)

Write(c) ==
    /\ step[c] = "read"
    /\ IF Accepts(token[c])
       THEN /\ stock' = seen[c] - 1
            /\ highest' = token[c]
            /\ log' = Append(log, token[c])
            /\ step' = [step EXCEPT ![c] = "idle"]
            /\ seen' = [seen EXCEPT ![c] = 0]
            /\ UNCHANGED <<next, token>>
       ELSE Reject(c)

Next == \E c \in Clients : Acquire(c) \/ Read(c) \/ Write(c)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties                                                              *)

TypeOK ==
    /\ stock \in 0..InitialStock
    /\ step \in [Clients -> {"idle", "read"}]

(* No acknowledged decrement is lost: the stock is the initial stock      *)
(* minus the acknowledged (accepted) decrements.                           *)
NoLostUpdate == stock = InitialStock - Len(log)

(* The resource's value is the result of applying the accepted            *)
(* operations in token order: they were accepted in token order, and the  *)
(* value is what applying them in that order gives.                        *)
ResourceSafety ==
    /\ \A i, j \in 1..Len(log) : i < j => log[i] <= log[j]
    /\ NoLostUpdate

Perms == Permutations(Clients)
=============================================================================
