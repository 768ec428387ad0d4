------------------------------- MODULE DualWrite -------------------------------
(***************************************************************************)
(* The dual-write Redis group of distlock, as impl implements it.          *)
(*                                                                         *)
(* Modelled                                                                *)
(*  - two Redis nodes; each client keeps its own available queue and its   *)
(*    own retry queue of nodes;                                            *)
(*  - acquire writes SET NX to every node of the client's available queue  *)
(*    (with INCR of that node's fence counter when the key was set); the   *)
(*    token is the largest counter value among the nodes that accepted;    *)
(*    a node that does not answer (partitioned from this client) moves to *)
(*    the retry queue; the acquisition succeeds when every node that is    *)
(*    still available accepted (and there is at least one); a refusal on   *)
(*    any node rolls back the nodes that accepted (compare-and-delete);    *)
(*  - release writes compare-and-delete to every available node, with the *)
(*    same moves to the retry queue;                                       *)
(*  - the prober moves a node from a client's retry queue back to its      *)
(*    available queue once the node answers that client again. Locks       *)
(*    taken while a node was away are NOT copied to it when it comes back  *)
(*    (faithful to the design);                                            *)
(*  - partitions between clients and nodes, per (client, node) pair, in   *)
(*    the patterns named by Partitions;                                    *)
(*  - client pauses past the request timeout (MaxClientPauses of them): a  *)
(*    client frozen while one of its writes is in flight finds, when it    *)
(*    resumes, that the write's deadline has passed, and moves a node that *)
(*    never failed to its retry queue. The write itself may or may not     *)
(*    have reached the node. A pause during an extension (not modelled)    *)
(*    moves the node out the same way.                                    *)
(*                                                                         *)
(* Abstracted                                                              *)
(*  - no TTL and no extension: keys live until they are deleted, so a      *)
(*    holder's belief is exact and every violation found here comes from   *)
(*    the group logic itself, not from timing (timing faults are the       *)
(*    subject of SingleRedis, and a dual-write group inherits them all);   *)
(*  - each write to one node is one atomic step; a write that cannot reach *)
(*    its node fails and changes nothing on it;                            *)
(*  - the active notification of impl (a client that moves a node out     *)
(*    announces it and the others move it out too) is not modelled. It     *)
(*    only takes nodes out of available queues, and only nodes that failed *)
(*    for some client (truly, or through that client's pause); it spreads  *)
(*    one client's view to the others, which the checked patterns already  *)
(*    contain (an outage seen by every client);                            *)
(*  - a write that reached its node during a client pause leaves its entry *)
(*    there (no TTL); the branch where the write did not reach the node    *)
(*    stands for the entry after its expiry;                               *)
(*  - MaxAcquisitions bounds the successful acquisitions per client and    *)
(*    MaxToken the counters (failed attempts also count up a node).        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Clients,        \* two client ids (model values)
    Nodes,          \* two node ids (model values)
    Partitions,     \* "none" | "outage" (a node unreachable from every client)
                    \* | "split" (each client reaches a different single node)
    MaxPartitions,  \* partition episodes per behaviour
    MaxClientPauses,\* client pauses past the request timeout per behaviour
    MaxAcquisitions,\* successful acquisitions per client
    MaxToken        \* bound on each node's fence counter

ASSUME Cardinality(Clients) = 2 /\ Cardinality(Nodes) = 2
ASSUME Partitions \in {"none", "outage", "split"} /\ MaxPartitions \in Nat
ASSUME MaxClientPauses \in Nat

NoOwner == "none"

(* The reachability patterns a partition may impose: reach[c] is the set of *)
(* nodes client c can talk to.                                             *)
Healed == [c \in Clients |-> Nodes]
Patterns ==
    CASE Partitions = "none" -> {}
      [] Partitions = "outage" ->
            {[c \in Clients |-> Nodes \ {n}] : n \in Nodes}
      [] Partitions = "split" ->
            {[c \in Clients |-> {f[c]}] :
                f \in {g \in [Clients -> Nodes] : \A x, y \in Clients : x # y => g[x] # g[y]}}

VARIABLES
    owner,      \* node -> lock key value (NoOwner: absent)
    reach,      \* client -> nodes the client can currently talk to
    episodes,   \* partition episodes so far
    pauses,     \* client pauses past the request timeout so far
    avail,      \* client -> its available queue (as a set)
    phase,      \* client -> "idle" | "acq" | "undo" | "held" | "rel"
    todo,       \* client -> nodes still to write in this phase
    accepted,   \* client -> nodes that accepted the acquisition
    refused,    \* client -> some node refused the acquisition
    count,      \* client -> successful acquisitions so far
    fence,      \* node -> its fence counter
    token,      \* client -> largest counter among the nodes that accepted
    done,       \* history: largest token of a completed acquisition
    floor       \* history: done when the client's current acquisition started

vars == <<owner, reach, episodes, pauses, avail, phase, todo, accepted, refused, count,
          fence, token, done, floor>>
tokenVars == <<fence, token, done, floor>>

Retry(c) == Nodes \ avail[c]    \* the retry queue

Init ==
    /\ owner = [n \in Nodes |-> NoOwner]
    /\ reach = Healed
    /\ episodes = 0
    /\ pauses = 0
    /\ avail = [c \in Clients |-> Nodes]
    /\ phase = [c \in Clients |-> "idle"]
    /\ todo = [c \in Clients |-> {}]
    /\ accepted = [c \in Clients |-> {}]
    /\ refused = [c \in Clients |-> FALSE]
    /\ count = [c \in Clients |-> 0]
    /\ fence = [n \in Nodes |-> 0]
    /\ token = [c \in Clients |-> 0]
    /\ done = 0
    /\ floor = [c \in Clients |-> 0]

-----------------------------------------------------------------------------

StartAcquire(c) ==
    /\ phase[c] = "idle" /\ count[c] < MaxAcquisitions
    /\ \A n \in Nodes : fence[n] < MaxToken
    /\ phase' = [phase EXCEPT ![c] = "acq"]
    /\ todo' = [todo EXCEPT ![c] = avail[c]]
    /\ accepted' = [accepted EXCEPT ![c] = {}]
    /\ refused' = [refused EXCEPT ![c] = FALSE]
    /\ token' = [token EXCEPT ![c] = 0]
    /\ floor' = [floor EXCEPT ![c] = done]
    /\ UNCHANGED <<owner, reach, episodes, pauses, avail, count, fence, done>>

(* A write that cannot reach its node times out: the node moves to the     *)
(* client's retry queue.                                                   *)
TimedOut(c, n) ==
    /\ n \notin reach[c]
    /\ avail' = [avail EXCEPT ![c] = @ \ {n}]
    /\ UNCHANGED owner

(* SET NX on node n and, if it set the key, INCR of n's counter. *)
AcquireOn(c, n) ==
    /\ phase[c] = "acq" /\ n \in todo[c]
    /\ todo' = [todo EXCEPT ![c] = @ \ {n}]
    /\ IF n \in reach[c]
       THEN /\ IF owner[n] = NoOwner
               THEN /\ owner' = [owner EXCEPT ![n] = c]
                    /\ accepted' = [accepted EXCEPT ![c] = @ \cup {n}]
                    /\ fence' = [fence EXCEPT ![n] = @ + 1]
                    /\ token' = [token EXCEPT ![c] = IF fence[n] + 1 > @ THEN fence[n] + 1 ELSE @]
                    /\ UNCHANGED refused
               ELSE /\ refused' = [refused EXCEPT ![c] = TRUE]
                    /\ UNCHANGED <<owner, accepted, fence, token>>
            /\ UNCHANGED avail
       ELSE TimedOut(c, n) /\ UNCHANGED <<accepted, refused, fence, token>>
    /\ UNCHANGED <<reach, episodes, pauses, phase, count, done, floor>>

(* Every write is settled: success iff no refusal and some node accepted *)
(* (the nodes that timed out have left the available queue).              *)
Decide(c) ==
    /\ phase[c] = "acq" /\ todo[c] = {}
    /\ IF ~refused[c] /\ accepted[c] # {}
       THEN /\ phase' = [phase EXCEPT ![c] = "held"]
            /\ count' = [count EXCEPT ![c] = @ + 1]
            /\ done' = IF token[c] > done THEN token[c] ELSE done
            /\ UNCHANGED <<todo, token>>
       ELSE /\ phase' = [phase EXCEPT ![c] = "undo"]
            /\ todo' = [todo EXCEPT ![c] = accepted[c]]
            /\ token' = [token EXCEPT ![c] = 0]
            /\ UNCHANGED <<count, done>>
    /\ accepted' = [accepted EXCEPT ![c] = {}]
    /\ refused' = [refused EXCEPT ![c] = FALSE]
    /\ UNCHANGED <<owner, reach, episodes, pauses, avail, fence, floor>>

(* The holder is done and releases on every available node. *)
StartRelease(c) ==
    /\ phase[c] = "held"
    /\ phase' = [phase EXCEPT ![c] = "rel"]
    /\ todo' = [todo EXCEPT ![c] = avail[c]]
    /\ token' = [token EXCEPT ![c] = 0]
    /\ UNCHANGED <<owner, reach, episodes, pauses, avail, accepted, refused, count, fence, done, floor>>

(* Compare-and-delete on node n, for a rollback or a release. *)
DeleteOn(c, n) ==
    /\ phase[c] \in {"undo", "rel"} /\ n \in todo[c]
    /\ todo' = [todo EXCEPT ![c] = @ \ {n}]
    /\ IF n \in reach[c]
       THEN /\ owner' = [owner EXCEPT ![n] = IF @ = c THEN NoOwner ELSE @]
            /\ UNCHANGED avail
       ELSE TimedOut(c, n)
    /\ UNCHANGED <<reach, episodes, pauses, phase, accepted, refused, count, tokenVars>>

Done(c) ==
    /\ phase[c] \in {"undo", "rel"} /\ todo[c] = {}
    /\ phase' = [phase EXCEPT ![c] = "idle"]
    /\ UNCHANGED <<owner, reach, episodes, pauses, avail, todo, accepted, refused, count, tokenVars>>

(* The prober: a node in the retry queue that answers again is available. *)
Probe(c, n) ==
    /\ n \in Retry(c) /\ n \in reach[c]
    /\ avail' = [avail EXCEPT ![c] = @ \cup {n}]
    /\ UNCHANGED <<owner, reach, episodes, pauses, phase, todo, accepted, refused, count, tokenVars>>

(* The client is paused while its write to n is in flight, past the       *)
(* request timeout. The node is up and reachable, and the write may have   *)
(* reached it (applied); the client, resuming after the deadline, counts   *)
(* the write as timed out: n moves to its retry queue, and an acquisition   *)
(* goes on with the other nodes alone.                                     *)
PausedWrite(c, n) ==
    /\ pauses < MaxClientPauses
    /\ phase[c] \in {"acq", "undo", "rel"} /\ n \in todo[c] /\ n \in reach[c]
    /\ pauses' = pauses + 1
    /\ todo' = [todo EXCEPT ![c] = @ \ {n}]
    /\ avail' = [avail EXCEPT ![c] = @ \ {n}]
    /\ \E applied \in BOOLEAN :
          IF applied /\ phase[c] = "acq" /\ owner[n] = NoOwner
          THEN /\ owner' = [owner EXCEPT ![n] = c]
               /\ fence' = [fence EXCEPT ![n] = @ + 1]
          ELSE IF applied /\ phase[c] # "acq"
          THEN /\ owner' = [owner EXCEPT ![n] = IF @ = c THEN NoOwner ELSE @]
               /\ UNCHANGED fence
          ELSE UNCHANGED <<owner, fence>>
    /\ UNCHANGED <<reach, episodes, phase, accepted, refused, count, token, done, floor>>

-----------------------------------------------------------------------------
(* Partitions *)

Partition ==
    /\ reach = Healed /\ episodes < MaxPartitions
    /\ \E p \in Patterns : reach' = p
    /\ episodes' = episodes + 1
    /\ UNCHANGED <<owner, pauses, avail, phase, todo, accepted, refused, count, tokenVars>>

Heal ==
    /\ reach # Healed
    /\ reach' = Healed
    /\ UNCHANGED <<owner, episodes, pauses, avail, phase, todo, accepted, refused, count, tokenVars>>

Next ==
    \/ Partition \/ Heal
    \/ \E c \in Clients :
          \/ StartAcquire(c) \/ Decide(c) \/ StartRelease(c) \/ Done(c)
          \/ \E n \in Nodes :
                AcquireOn(c, n) \/ DeleteOn(c, n) \/ Probe(c, n) \/ PausedWrite(c, n)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties *)

TypeOK ==
    /\ owner \in [Nodes -> Clients \cup {NoOwner}]
    /\ avail \in [Clients -> SUBSET Nodes]
    /\ phase \in [Clients -> {"idle", "acq", "undo", "held", "rel"}]

(* No two clients believe they hold the lock at the same time. *)
MutualExclusion ==
    \A c, d \in Clients : c # d => ~(phase[c] = "held" /\ phase[d] = "held")

(* An acquisition that starts after another one completed gets a larger  *)
(* token.                                                                  *)
TokenMonotonic ==
    [][\A c \in Clients :
          (phase[c] # "held" /\ phase'[c] = "held") => token'[c] > floor[c]]_vars

Perms == {[x \in Clients \cup Nodes |-> IF x \in Clients THEN p[x] ELSE q[x]] :
             p \in Permutations(Clients), q \in Permutations(Nodes)}
=============================================================================
