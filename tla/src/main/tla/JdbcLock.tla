------------------------------- MODULE JdbcLock -------------------------------
(***************************************************************************)
(* The database locks of issue #12: a lock table and a SELECT ... FOR      *)
(* UPDATE lock, both with a fence counter, and the resource behind the     *)
(* access-fenced guard.                                                    *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - lock table (Kind = "table"): one row per lock name, never deleted:  *)
(*    owner, expiry, fence. Acquire is one statement that succeeds iff the *)
(*    row is free (no owner) or expired, and then sets owner := me,        *)
(*    expiry := now + TTL, fence := fence + 1, returning the new fence as  *)
(*    the token. Renewal (the watchdog, every RenewEvery ticks) sets       *)
(*    expiry := now + TTL where owner = me; release sets owner := none     *)
(*    where owner = me. "now" is the database's clock (ExpiryClock =       *)
(*    "database"), or, in the variant that shows why, the client's wall    *)
(*    clock passed as a parameter (ExpiryClock = "client");                *)
(*  - the client's deadline, on its monotonic clock from before the        *)
(*    statement: sent + TTL, moved by each successful renewal; a failed    *)
(*    renewal ends the lease. A running client stops believing at its      *)
(*    deadline; a paused client notices only when it runs again;          *)
(*  - FOR UPDATE lock (Kind = "forupdate"): the holder's transaction, on a *)
(*    dedicated connection, holds the row lock (SELECT ... FOR UPDATE);    *)
(*    release is COMMIT. The token is the same fence counter, incremented  *)
(*    while the row lock is held, either committed at once through a       *)
(*    second connection on a counter row of its own (FenceCommit =         *)
(*    "separate") or as an UPDATE inside the holder's transaction          *)
(*    (FenceCommit = "transaction"), which commits only with the release;  *)
(*  - faults: client pauses (stop-the-world, watchdog included), bounded   *)
(*    or not; a forward jump of one client's wall clock; a forward jump of *)
(*    the database's clock; restore of the database to an older state      *)
(*    (failover to a lagging asynchronous replica, or a backup); the       *)
(*    database dropping a FOR UPDATE holder's connection (idle timeout,    *)
(*    restart, partition), which aborts its transaction and releases the  *)
(*    row lock while the holder keeps working until it next uses the       *)
(*    connection (which it may never do before it acts);                  *)
(*  - the protected resource (Guarded = TRUE): a stock counter behind the  *)
(*    access-fenced guard (token >= highest, recorded on every access); a  *)
(*    holder decrements it read-modify-write, as in ZooKeeperLock.         *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - a statement and its answer are one step: a lost answer only leaves a *)
(*    row nobody believes in (SingleRedis shows lost answers), and an      *)
(*    acquisition that finds the lock taken changes nothing;              *)
(*  - discrete, relative time (remaining ticks); the database's and the    *)
(*    clients' monotonic clocks run at the same rate; a wall-clock jump is *)
(*    kept as the client's offset, and a row's expiry as the ticks left by *)
(*    the writer's clock together with the writer's offset;                *)
(*  - the replica copies the whole row at once, at any moment;             *)
(*  - MaxToken bounds the fence counter and so the state space.            *)
(***************************************************************************)
EXTENDS Integers, TLC

CONSTANTS
    Clients,        \* client ids (model values)
    Kind,           \* "table" | "forupdate"
    TTL,            \* lease time in ticks (table)
    RenewEvery,     \* watchdog period in ticks (table)
    MaxToken,       \* bound on the fence counter
    MaxPause,       \* 0: no pauses; 1..TTL: a pause lasts at most MaxPause ticks;
                    \* > TTL: pauses are unbounded
    ClientJump,     \* size of a forward jump of one client's wall clock (0: none)
    ExpiryClock,    \* "database" | "client": whose clock the expiry is computed on
    ServerJump,     \* size of a forward jump of the database's clock (0: none)
    Restore,        \* TRUE: the database may be restored to an older state
    DropConn,       \* TRUE: the database may drop a FOR UPDATE holder's connection
    FenceCommit,    \* "separate" | "transaction" (FOR UPDATE lock)
    Guarded,        \* TRUE: holders use the fenced resource
    InitialStock,   \* initial value of the protected counter
    MaxFaults       \* faults per behaviour

ASSUME Kind \in {"table", "forupdate"} /\ TTL \in Nat \ {0} /\ RenewEvery \in 1..TTL
ASSUME MaxToken \in Nat /\ MaxPause \in Nat /\ ClientJump \in Nat /\ ServerJump \in Nat
ASSUME ExpiryClock \in {"database", "client"} /\ FenceCommit \in {"separate", "transaction"}
ASSUME Restore \in BOOLEAN /\ DropConn \in BOOLEAN /\ Guarded \in BOOLEAN
ASSUME InitialStock \in Nat /\ MaxFaults \in Nat

NoOwner == "none"
Running == -1
BoundedPause == MaxPause <= TTL
Table == Kind = "table"
Floor == IF ExpiryClock = "client" THEN -ClientJump ELSE 0

VARIABLES
    owner,      \* row: owner column (table) or holder of the row lock (forupdate)
    exp,        \* row: ticks until expiry, by the clock of the writer (table)
    wskew,      \* row: the writer's wall-clock offset when it wrote exp
    fence,      \* row: the committed fence counter
    bOwner, bExp, bSkew, bFence,  \* the replica's (or backup's) copy of the row
    faults,     \* faults injected so far
    lease,      \* client -> "none" | "held": the client believes it holds the lock
    left,       \* client -> ticks until its local deadline (table)
    token,      \* client -> the lease's token
    conn,       \* client -> its FOR UPDATE connection is alive
    skew,       \* client -> its wall clock's offset (forward jumps)
    paused,     \* client -> Running, or ticks the client has been stopped
    stock,      \* the protected counter
    highest,    \* the guard: highest token seen
    rmw,        \* client -> "none" | "read": a decrement in progress
    seen,       \* client -> value the client read
    acked,      \* history: acknowledged decrements
    done        \* history: largest token of a completed acquisition

row == <<owner, exp, wskew, fence>>
backup == <<bOwner, bExp, bSkew, bFence>>
client == <<lease, left, token, conn, skew, paused>>
resource == <<stock, highest, rmw, seen, acked>>
vars == <<row, backup, faults, client, resource, done>>

Init ==
    /\ owner = NoOwner /\ exp = 0 /\ wskew = 0 /\ fence = 0
    /\ bOwner = NoOwner /\ bExp = 0 /\ bSkew = 0 /\ bFence = 0
    /\ faults = 0
    /\ lease = [c \in Clients |-> "none"]
    /\ left = [c \in Clients |-> 0]
    /\ token = [c \in Clients |-> 0]
    /\ conn = [c \in Clients |-> TRUE]
    /\ skew = [c \in Clients |-> 0]
    /\ paused = [c \in Clients |-> Running]
    /\ stock = InitialStock /\ highest = 0
    /\ rmw = [c \in Clients |-> "none"]
    /\ seen = [c \in Clients |-> 0]
    /\ acked = 0 /\ done = 0

Runs(c) == paused[c] = Running
Offset(c) == IF ExpiryClock = "client" THEN skew[c] ELSE 0

(* The row as the statement of client c sees it: free, or expired by the   *)
(* clock the expiry is computed on.                                        *)
Free(c) == owner = NoOwner \/ (Table /\ exp + wskew - Offset(c) <= 0)

-----------------------------------------------------------------------------
(* The lock                                                                *)

(* Table: the conditional insert-or-update. FOR UPDATE: the row lock is    *)
(* granted, then the fence is incremented while it is held.               *)
Acquire(c) ==
    /\ Runs(c) /\ lease[c] = "none" /\ rmw[c] = "none"
    /\ Free(c) /\ fence < MaxToken
    /\ owner' = c
    /\ IF Table
       THEN /\ exp' = TTL /\ wskew' = Offset(c)
            /\ fence' = fence + 1
            /\ left' = [left EXCEPT ![c] = TTL]
            /\ UNCHANGED conn
       ELSE /\ conn' = [conn EXCEPT ![c] = TRUE]
            /\ fence' = IF FenceCommit = "separate" THEN fence + 1 ELSE fence
            /\ UNCHANGED <<exp, wskew, left>>
    /\ lease' = [lease EXCEPT ![c] = "held"]
    /\ token' = [token EXCEPT ![c] = fence + 1]
    /\ done' = IF fence + 1 > done THEN fence + 1 ELSE done
    /\ UNCHANGED <<backup, faults, skew, paused, resource>>

RenewDue(c) == Table /\ lease[c] = "held" /\ TTL - left[c] >= RenewEvery

(* The watchdog: expiry := now + TTL where owner = me. *)
Renew(c) ==
    /\ Runs(c) /\ RenewDue(c)
    /\ IF owner = c
       THEN /\ exp' = TTL /\ wskew' = Offset(c)
            /\ left' = [left EXCEPT ![c] = TTL]
            /\ UNCHANGED lease
       ELSE /\ lease' = [lease EXCEPT ![c] = "none"]
            /\ left' = [left EXCEPT ![c] = 0]
            /\ UNCHANGED <<exp, wskew>>
    /\ UNCHANGED <<owner, fence, backup, faults, token, conn, skew, paused, resource, done>>

(* Table: owner := none where owner = me. FOR UPDATE: COMMIT, which fails  *)
(* on a dropped connection (the client then learns it had lost the lock).  *)
Release(c) ==
    /\ Runs(c) /\ lease[c] = "held" /\ rmw[c] = "none"
    /\ IF Table
       THEN /\ owner' = IF owner = c THEN NoOwner ELSE owner
            /\ exp' = IF owner = c THEN 0 ELSE exp
            /\ wskew' = IF owner = c THEN 0 ELSE wskew
            /\ UNCHANGED fence
       ELSE /\ owner' = IF conn[c] THEN NoOwner ELSE owner
            /\ fence' = IF conn[c] /\ FenceCommit = "transaction" THEN token[c] ELSE fence
            /\ UNCHANGED <<exp, wskew>>
    /\ lease' = [lease EXCEPT ![c] = "none"]
    /\ left' = [left EXCEPT ![c] = 0]
    /\ token' = [token EXCEPT ![c] = 0]
    /\ UNCHANGED <<backup, faults, conn, skew, paused, resource, done>>

-----------------------------------------------------------------------------
(* Faults                                                                  *)

Pause(c) ==
    /\ MaxPause > 0 /\ faults < MaxFaults /\ Runs(c)
    /\ paused' = [paused EXCEPT ![c] = 0]
    /\ faults' = faults + 1
    /\ UNCHANGED <<row, backup, lease, left, token, conn, skew, resource, done>>

(* On waking, the client reads its monotonic clock before anything else. *)
Resume(c) ==
    /\ ~Runs(c)
    /\ paused' = [paused EXCEPT ![c] = Running]
    /\ lease' = [lease EXCEPT ![c] = IF Table /\ left[c] = 0 THEN "none" ELSE lease[c]]
    /\ UNCHANGED <<row, backup, faults, left, token, conn, skew, resource, done>>

(* One client's wall clock jumps forward. *)
JumpClient(c) ==
    /\ ClientJump > 0 /\ faults < MaxFaults
    /\ skew' = [skew EXCEPT ![c] = ClientJump]
    /\ faults' = faults + 1
    /\ UNCHANGED <<row, backup, lease, left, token, conn, paused, resource, done>>

(* The database's clock jumps forward: every expiry comes closer. *)
JumpServer ==
    /\ ServerJump > 0 /\ faults < MaxFaults /\ Table
    /\ exp' = IF exp - ServerJump > Floor THEN exp - ServerJump ELSE Floor
    /\ bExp' = IF bExp - ServerJump > Floor THEN bExp - ServerJump ELSE Floor
    /\ faults' = faults + 1
    /\ UNCHANGED <<owner, wskew, fence, bOwner, bSkew, bFence, client, resource, done>>

(* The replica catches up with the primary. *)
Sync ==
    /\ Restore
    /\ backup # row
    /\ bOwner' = owner /\ bExp' = exp /\ bSkew' = wskew /\ bFence' = fence
    /\ UNCHANGED <<row, faults, client, resource, done>>

(* Failover to the replica, or a restore from the backup. *)
RestoreRow ==
    /\ Restore /\ faults < MaxFaults /\ backup # row
    /\ owner' = bOwner /\ exp' = bExp /\ wskew' = bSkew /\ fence' = bFence
    /\ faults' = faults + 1
    /\ UNCHANGED <<backup, client, resource, done>>

(* The database drops the holder's connection: its transaction aborts and  *)
(* the row lock (and an uncommitted fence increment) goes with it.         *)
Drop(c) ==
    /\ DropConn /\ faults < MaxFaults /\ ~Table
    /\ owner = c /\ conn[c]
    /\ owner' = NoOwner
    /\ conn' = [conn EXCEPT ![c] = FALSE]
    /\ faults' = faults + 1
    /\ UNCHANGED <<exp, wskew, fence, backup, lease, left, token, skew, paused, resource, done>>

(* The holder uses its connection and finds it dead: the lease is lost. *)
Notice(c) ==
    /\ Runs(c) /\ lease[c] = "held" /\ ~conn[c] /\ rmw[c] = "none"
    /\ lease' = [lease EXCEPT ![c] = "none"]
    /\ UNCHANGED <<row, backup, faults, left, token, conn, skew, paused, resource, done>>

-----------------------------------------------------------------------------
(* The protected resource: decrement-if-positive, read-modify-write,       *)
(* through the access-fenced guard. A client reads while it believes it    *)
(* holds; once it has read, it writes even if it stopped believing         *)
(* meanwhile (the worst case). A rejected access ends the operation.       *)

Read(c) ==
    /\ Guarded /\ Runs(c) /\ lease[c] = "held" /\ rmw[c] = "none" /\ stock > 0
    /\ token[c] >= highest
    /\ highest' = token[c]
    /\ rmw' = [rmw EXCEPT ![c] = "read"]
    /\ seen' = [seen EXCEPT ![c] = stock]
    /\ UNCHANGED <<row, backup, faults, client, stock, acked, done>>

Write(c) ==
    /\ Runs(c) /\ rmw[c] = "read"
    /\ IF token[c] >= highest
       THEN /\ stock' = seen[c] - 1
            /\ highest' = token[c]
            /\ acked' = acked + 1
       ELSE UNCHANGED <<stock, highest, acked>>
    /\ rmw' = [rmw EXCEPT ![c] = "none"]
    /\ seen' = [seen EXCEPT ![c] = 0]
    /\ UNCHANGED <<row, backup, faults, client, done>>

-----------------------------------------------------------------------------
(* Time (table only). A running holder's watchdog fires when due, so time  *)
(* waits for it; running clients whose deadline is reached stop believing; *)
(* a bounded pause ends within MaxPause ticks.                             *)

MustActFirst(c) ==
    IF Runs(c) THEN RenewDue(c) ELSE BoundedPause /\ paused[c] >= MaxPause

Dec(x) == IF x > 0 THEN x - 1 ELSE 0
DecExp(x) == IF x > Floor THEN x - 1 ELSE Floor

Tick ==
    /\ Table
    /\ \A c \in Clients : ~MustActFirst(c)
    /\ exp' = DecExp(exp)
    /\ bExp' = DecExp(bExp)
    /\ left' = [c \in Clients |-> Dec(left[c])]
    /\ lease' = [c \in Clients |-> IF Runs(c) /\ left[c] <= 1 THEN "none" ELSE lease[c]]
    /\ paused' = [c \in Clients |->
                    IF ~Runs(c) /\ BoundedPause /\ paused[c] < MaxPause
                    THEN paused[c] + 1 ELSE paused[c]]
    /\ UNCHANGED <<owner, wskew, fence, bOwner, bSkew, bFence, faults, token, conn, skew,
                   resource, done>>

Next ==
    \/ Tick \/ JumpServer \/ Sync \/ RestoreRow
    \/ \E c \in Clients :
          \/ Acquire(c) \/ Renew(c) \/ Release(c) \/ Notice(c)
          \/ Pause(c) \/ Resume(c) \/ JumpClient(c) \/ Drop(c)
          \/ Read(c) \/ Write(c)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties                                                              *)

TypeOK ==
    /\ owner \in Clients \cup {NoOwner}
    /\ lease \in [Clients -> {"none", "held"}]
    /\ stock \in 0..InitialStock
    /\ \A c \in Clients : Table /\ lease[c] = "held" /\ Runs(c) => left[c] > 0

(* No two clients believe they hold the lock at the same time. *)
MutualExclusion ==
    \A c, d \in Clients : c # d => ~(lease[c] = "held" /\ lease[d] = "held")

(* An acquisition gets a larger token than every acquisition completed     *)
(* before it (acquisitions are one step here, so "before it started" and   *)
(* "before it completed" are the same).                                    *)
TokenMonotonic ==
    [][\A c \in Clients :
          (lease[c] = "none" /\ lease'[c] = "held") => token'[c] > done]_vars

(* With the guard, the stock equals the initial stock minus the           *)
(* acknowledged decrements: no acknowledged decrement is lost.             *)
ResourceSafety == stock = InitialStock - acked

Perms == Permutations(Clients)
=============================================================================
