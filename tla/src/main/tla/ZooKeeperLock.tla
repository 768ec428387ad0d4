----------------------------- MODULE ZooKeeperLock -----------------------------
(***************************************************************************)
(* The ZooKeeper lock of distlock (Curator InterProcessMutex recipe) with  *)
(* czxid fencing tokens, and the protected resource behind the guard.      *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - sessions: a session expires on the server after the session timeout *)
(*    without heartbeats, deleting its ephemeral nodes in one transaction; *)
(*    a client sends no heartbeats while it is paused or cut off;          *)
(*  - acquire: create an ephemeral-sequential node under the lock path;    *)
(*    the client holds when its node has the lowest sequence number       *)
(*    (otherwise it waits on its predecessor, which is the same as waiting *)
(*    until its node is the lowest); the token is its node's czxid, the    *)
(*    ensemble-wide zxid of the create;                                    *)
(*  - release: delete the node;                                            *)
(*  - what the client believes: it holds from seeing its node lowest       *)
(*    until it observes trouble: on losing the connection it goes          *)
(*    SUSPENDED (not valid) and, if the session is still alive when it     *)
(*    reconnects, valid again; on learning that its session expired it is  *)
(*    LOST and starts over with a new session. A running client detects a  *)
(*    lost connection before the server expires the session (connection   *)
(*    timeout < session timeout), so a session of a running client expires *)
(*    only after the client went SUSPENDED. A paused client observes       *)
(*    nothing: its session can expire under it (pause > session timeout)  *)
(*    and it still believes until it runs again and observes the loss;     *)
(*  - the protected resource: a stock counter behind the FencedResource    *)
(*    guard with access fencing; a holder decrements it read-modify-write  *)
(*    (read, then write read-1), each access carrying its token.           *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - time: the session timeout is not counted; a session may expire at   *)
(*    any moment when the server hears no heartbeats, which covers every   *)
(*    timing of a pause or cut-off longer than the timeout;               *)
(*  - the ensemble is one linearizable store (ZooKeeper's own guarantee);  *)
(*    for a three-node ensemble that covers a leader or follower crash-    *)
(*    restart (ZooKeeper persists its log: committed nodes, the zxid and   *)
(*    sessions survive; czxids of a new epoch are larger) and a partition  *)
(*    that cuts a client's server off, as long as that server drops its    *)
(*    clients when it loses the leader: to the client both are a lost      *)
(*    connection (CutOff) and a reconnection, to the same session while    *)
(*    it lives. What the single store does not show is a follower that is  *)
(*    cut off from the leader and keeps answering its clients' heartbeats  *)
(*    locally for longer than the session timeout (its leader-loss         *)
(*    detection, about syncLimit x tickTime, exceeds the session timeout): *)
(*    the leader expires the session while the client sees a healthy      *)
(*    connection. That is Isolate (MaxIsolations > 0): the client stays   *)
(*    connected and valid, cannot write, and its session may expire;      *)
(*    stale reads on the isolated follower are not modelled (they only    *)
(*    add ways to believe wrongly);                                        *)
(*  - MaxZxid bounds the transactions and so the state space.             *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Clients,        \* client ids (model values)
    MaxPauses,      \* client pauses per behaviour
    MaxCutoffs,     \* client-ensemble disconnections per behaviour
    MaxIsolations,  \* isolations of a client's follower that keeps answering it
    MaxZxid,        \* bound on transactions
    InitialStock    \* initial value of the protected counter

VARIABLES
    zxid,       \* last transaction id of the ensemble
    seq,        \* the lock path's sequence counter (cversion)
    znodes,     \* lock children: set of [seq, owner, czxid]
    alive,      \* client -> its current session is alive on the server
    phase,      \* client -> "idle" | "waiting" | "held"
    valid,      \* client -> not SUSPENDED (only meaningful while "held")
    token,      \* client -> czxid of its lock node, while held
    connected,  \* client -> it can reach the ensemble
    paused,     \* client -> it is stopped
    faults,     \* <<pauses, cutoffs>> so far
    isolated,   \* client -> its server is cut off from the leader but answers it
    stock,      \* the protected counter
    highest,    \* the guard: highest token seen
    rmw,        \* client -> "none" | "read": a decrement in progress
    seen,       \* client -> value the client read
    opTok,      \* client -> token the decrement in progress carries
    acked,      \* history: acknowledged decrements
    done,       \* history: largest token of a completed acquisition
    floor,      \* history: done when the client's current acquisition started
    isolations  \* isolations so far

vars == <<zxid, seq, znodes, alive, phase, valid, token, connected, paused, faults,
          stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

Init ==
    /\ zxid = 0 /\ seq = 0 /\ znodes = {}
    /\ alive = [c \in Clients |-> TRUE]
    /\ phase = [c \in Clients |-> "idle"]
    /\ valid = [c \in Clients |-> TRUE]
    /\ token = [c \in Clients |-> 0]
    /\ connected = [c \in Clients |-> TRUE]
    /\ paused = [c \in Clients |-> FALSE]
    /\ faults = <<0, 0>>
    /\ stock = InitialStock /\ highest = 0
    /\ rmw = [c \in Clients |-> "none"]
    /\ seen = [c \in Clients |-> 0]
    /\ opTok = [c \in Clients |-> 0]
    /\ acked = 0 /\ done = 0
    /\ floor = [c \in Clients |-> 0]
    /\ isolated = [c \in Clients |-> FALSE]
    /\ isolations = 0

Mine(c) == {z \in znodes : z.owner = c}
Lowest == CHOOSE z \in znodes : \A y \in znodes : z.seq <= y.seq
Acts(c) == ~paused[c] /\ connected[c]   \* can talk to the ensemble
Writes(c) == Acts(c) /\ ~isolated[c]    \* ... and its server reaches the leader

-----------------------------------------------------------------------------
(* The lock                                                                *)

Create(c) ==
    /\ Writes(c) /\ alive[c] /\ phase[c] = "idle" /\ zxid < MaxZxid
    /\ znodes' = znodes \cup {[seq |-> seq, owner |-> c, czxid |-> zxid + 1]}
    /\ zxid' = zxid + 1 /\ seq' = seq + 1
    /\ phase' = [phase EXCEPT ![c] = "waiting"]
    /\ floor' = [floor EXCEPT ![c] = done]
    /\ UNCHANGED <<alive, valid, token, connected, paused, faults, stock, highest,
                   rmw, seen, opTok, acked, done, isolated, isolations>>

(* The client's node is the lowest child: it holds, with its czxid. *)
Acquire(c) ==
    /\ Acts(c) /\ alive[c] /\ phase[c] = "waiting"
    /\ Mine(c) # {} /\ Lowest \in Mine(c)
    /\ phase' = [phase EXCEPT ![c] = "held"]
    /\ valid' = [valid EXCEPT ![c] = TRUE]
    /\ token' = [token EXCEPT ![c] = Lowest.czxid]
    /\ done' = IF Lowest.czxid > done THEN Lowest.czxid ELSE done
    /\ UNCHANGED <<zxid, seq, znodes, alive, connected, paused, faults, stock, highest,
                   rmw, seen, opTok, acked, floor, isolated, isolations>>

Release(c) ==
    /\ Writes(c) /\ alive[c] /\ phase[c] = "held" /\ rmw[c] = "none" /\ zxid < MaxZxid
    /\ znodes' = znodes \ Mine(c)
    /\ zxid' = zxid + 1
    /\ phase' = [phase EXCEPT ![c] = "idle"]
    /\ token' = [token EXCEPT ![c] = 0]
    /\ UNCHANGED <<seq, alive, valid, connected, paused, faults, stock, highest,
                   rmw, seen, opTok, acked, done, floor, isolated, isolations>>

(* The server expires a session it has not heard from; a running client   *)
(* has gone SUSPENDED before that happens.                                 *)
Expire(c) ==
    /\ alive[c] /\ (paused[c] \/ ~connected[c] \/ isolated[c])
    /\ paused[c] \/ phase[c] # "held" \/ ~valid[c] \/ isolated[c]
    /\ zxid < MaxZxid
    /\ alive' = [alive EXCEPT ![c] = FALSE]
    /\ znodes' = znodes \ Mine(c)
    /\ zxid' = zxid + 1
    /\ UNCHANGED <<seq, phase, valid, token, connected, paused, faults, stock, highest,
                   rmw, seen, opTok, acked, done, floor, isolated, isolations>>

(* A running client that has lost its connection notices: SUSPENDED. *)
Suspend(c) ==
    /\ ~paused[c] /\ ~connected[c] /\ phase[c] = "held" /\ valid[c]
    /\ valid' = [valid EXCEPT ![c] = FALSE]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, token, connected, paused, faults,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

(* Reconnected within the session: RECONNECTED, valid again. *)
Revalidate(c) ==
    /\ Acts(c) /\ alive[c] /\ phase[c] = "held" /\ ~valid[c]
    /\ valid' = [valid EXCEPT ![c] = TRUE]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, token, connected, paused, faults,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

(* Reconnected and told the session expired: LOST. A new session starts. *)
Lost(c) ==
    /\ Writes(c) /\ ~alive[c]
    /\ alive' = [alive EXCEPT ![c] = TRUE]
    /\ phase' = [phase EXCEPT ![c] = "idle"]
    /\ valid' = [valid EXCEPT ![c] = TRUE]
    /\ token' = [token EXCEPT ![c] = 0]
    /\ UNCHANGED <<zxid, seq, znodes, connected, paused, faults, stock, highest,
                   rmw, seen, opTok, acked, done, floor, isolated, isolations>>

-----------------------------------------------------------------------------
(* Faults                                                                  *)

Pause(c) ==
    /\ ~paused[c] /\ faults[1] < MaxPauses
    /\ paused' = [paused EXCEPT ![c] = TRUE]
    /\ faults' = [faults EXCEPT ![1] = @ + 1]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, connected,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

Resume(c) ==
    /\ paused[c]
    /\ paused' = [paused EXCEPT ![c] = FALSE]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, connected, faults,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

CutOff(c) ==
    /\ connected[c] /\ faults[2] < MaxCutoffs
    /\ connected' = [connected EXCEPT ![c] = FALSE]
    /\ faults' = [faults EXCEPT ![2] = @ + 1]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, paused,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

Reconnect(c) ==
    /\ ~connected[c]
    /\ connected' = [connected EXCEPT ![c] = TRUE]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, paused, faults,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolated, isolations>>

-----------------------------------------------------------------------------
(* The protected resource: decrement-if-positive, read-modify-write,       *)
(* through the access-fenced guard (token >= highest, recorded on every    *)
(* access). A client reads while it believes it holds; once it has read,   *)
(* it writes even if it stopped believing meanwhile (the worst case). A    *)
(* rejected access ends the operation, unacknowledged.                     *)

Believes(c) == phase[c] = "held" /\ valid[c]

Read(c) ==
    /\ ~paused[c] /\ Believes(c) /\ rmw[c] = "none" /\ stock > 0
    /\ IF token[c] >= highest
       THEN /\ highest' = token[c]
            /\ rmw' = [rmw EXCEPT ![c] = "read"]
            /\ seen' = [seen EXCEPT ![c] = stock]
            /\ opTok' = [opTok EXCEPT ![c] = token[c]]
       ELSE UNCHANGED <<highest, rmw, seen, opTok>>
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, connected, paused,
                   faults, stock, acked, done, floor, isolated, isolations>>

Write(c) ==
    /\ ~paused[c] /\ rmw[c] = "read"
    /\ IF opTok[c] >= highest
       THEN /\ stock' = seen[c] - 1
            /\ highest' = opTok[c]
            /\ acked' = acked + 1
       ELSE UNCHANGED <<stock, highest, acked>>
    /\ rmw' = [rmw EXCEPT ![c] = "none"]
    /\ seen' = [seen EXCEPT ![c] = 0]
    /\ opTok' = [opTok EXCEPT ![c] = 0]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, connected, paused,
                   faults, done, floor, isolated, isolations>>

(* The client's server loses the leader but keeps answering the client's  *)
(* heartbeats; later the partition heals (or the server finally drops its *)
(* clients, which the client sees as a lost connection).                   *)
Isolate(c) ==
    /\ connected[c] /\ ~isolated[c] /\ isolations < MaxIsolations
    /\ isolated' = [isolated EXCEPT ![c] = TRUE]
    /\ isolations' = isolations + 1
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, connected, paused, faults,
                   stock, highest, rmw, seen, opTok, acked, done, floor>>

Rejoin(c) ==
    /\ isolated[c]
    /\ isolated' = [isolated EXCEPT ![c] = FALSE]
    /\ UNCHANGED <<zxid, seq, znodes, alive, phase, valid, token, connected, paused, faults,
                   stock, highest, rmw, seen, opTok, acked, done, floor, isolations>>

Next ==
    \E c \in Clients :
        \/ Isolate(c) \/ Rejoin(c)
        \/ Create(c) \/ Acquire(c) \/ Release(c) \/ Expire(c)
        \/ Suspend(c) \/ Revalidate(c) \/ Lost(c)
        \/ Pause(c) \/ Resume(c) \/ CutOff(c) \/ Reconnect(c)
        \/ Read(c) \/ Write(c)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties                                                              *)

TypeOK ==
    /\ phase \in [Clients -> {"idle", "waiting", "held"}]
    /\ \A c \in Clients : Cardinality(Mine(c)) <= 1
    /\ stock \in 0..InitialStock

(* No two clients believe they hold the lock at the same time. *)
MutualExclusion == \A c, d \in Clients : c # d => ~(Believes(c) /\ Believes(d))

(* An acquisition that starts after another one completed gets a larger  *)
(* token.                                                                  *)
TokenMonotonic ==
    [][\A c \in Clients :
          (phase[c] # "held" /\ phase'[c] = "held") => token'[c] > floor[c]]_vars

(* With the guard, the stock equals the initial stock minus the           *)
(* acknowledged decrements: no acknowledged decrement is lost.             *)
ResourceSafety == stock = InitialStock - acked

Perms == Permutations(Clients)
=============================================================================
