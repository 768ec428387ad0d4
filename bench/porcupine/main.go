// Command porcubench checks kv histories (the EDN-like line format of Porcupine's kv test logs:
// {:process N, :type :invoke|:ok, :f :get|:put|:append, :key "K", :value V}) with Porcupine, to
// compare with the distlock checker on the same files. Written for distlock; it only imports
// Porcupine.
//
//	porcubench [-n RUNS] [-timeout 60s] FILE...
//
// Prints, per file, the verdict, parse time, and each check's time (first run = cold in process).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/anishathalye/porcupine"
)

type kvInput struct {
	op    uint8 // 0 get, 1 put, 2 append
	key   string
	value string
}

type kvOutput struct {
	value string
}

var kvModel = porcupine.Model{
	PartitionEvent: func(history []porcupine.Event) [][]porcupine.Event {
		m := make(map[string][]porcupine.Event)
		keyOf := make(map[int]string)
		for _, e := range history {
			if e.Kind == porcupine.CallEvent {
				k := e.Value.(kvInput).key
				keyOf[e.Id] = k
				m[k] = append(m[k], e)
			} else {
				k := keyOf[e.Id]
				m[k] = append(m[k], e)
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([][]porcupine.Event, 0, len(keys))
		for _, k := range keys {
			out = append(out, m[k])
		}
		return out
	},
	Init: func() interface{} { return "" },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		in := input.(kvInput)
		st := state.(string)
		switch in.op {
		case 0:
			return output.(kvOutput).value == st, st
		case 1:
			return true, in.value
		default:
			return true, st + in.value
		}
	},
	Equal: func(a, b interface{}) bool { return a.(string) == b.(string) },
}

var line = regexp.MustCompile(`^\{:process (\d+), :type :(invoke|ok), :f :(get|put|append), :key "([^"]*)", :value (nil|"([^"]*)")\}$`)

func parse(file string) ([]porcupine.Event, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var events []porcupine.Event
	pending := map[int]int{}
	id := 0
	n := 0
	for sc.Scan() {
		n++
		t := sc.Text()
		if t == "" {
			continue
		}
		m := line.FindStringSubmatch(t)
		if m == nil {
			return nil, fmt.Errorf("%s:%d: unsupported line", file, n)
		}
		proc, _ := strconv.Atoi(m[1])
		if m[2] == "invoke" {
			op := map[string]uint8{"get": 0, "put": 1, "append": 2}[m[3]]
			events = append(events, porcupine.Event{ClientId: proc, Kind: porcupine.CallEvent, Value: kvInput{op, m[4], m[6]}, Id: id})
			pending[proc] = id
			id++
		} else {
			events = append(events, porcupine.Event{ClientId: proc, Kind: porcupine.ReturnEvent, Value: kvOutput{m[6]}, Id: pending[proc]})
			delete(pending, proc)
		}
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("%s: %d invokes without completion (not comparable: Porcupine needs a return)", file, len(pending))
	}
	return events, sc.Err()
}

func main() {
	runs := flag.Int("n", 1, "checks per file")
	timeout := flag.Duration("timeout", 60*time.Second, "deadline per check (0 = none)")
	flag.Parse()
	for _, file := range flag.Args() {
		t0 := time.Now()
		events, err := parse(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		parseMs := float64(time.Since(t0).Microseconds()) / 1000
		fmt.Printf("%s: %d events, parse %.1f ms, check ms:", file, len(events), parseMs)
		var res porcupine.CheckResult
		for i := 0; i < *runs; i++ {
			t := time.Now()
			res = porcupine.CheckEventsTimeout(kvModel, events, *timeout)
			fmt.Printf(" %.1f", float64(time.Since(t).Microseconds())/1000)
		}
		fmt.Printf(" -> %s\n", res)
	}
}
