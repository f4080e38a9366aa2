import KilnEngine
import Testing

@Suite("Graph rendering: DOT and Mermaid")
struct GraphRenderingTests {
    let graph: ResourceGraph
    let actions: [ResourceAddress: ResourceChange.Action] = [
        .vm("a"): .create, .vm("b"): .update, .vm("c"): .replace, .vm("d"): .delete, .gate("api"): .noOp,
    ]

    init() throws {
        graph = try ResourceGraph(resources: [
            Resource(address: .vm("a")),
            Resource(address: .vm("b"), dependencies: [.vm("a")]),
            Resource(address: .vm("c"), dependencies: [.vm("a")]),
            Resource(address: .vm("d")),
            Resource(address: .gate("api"), lifecycle: .gate(timeout: .seconds(300)),
                     dependencies: [.vm("b"), .vm("c")]),
        ])
    }

    @Test func dotColoursActionsDrawsGatesAsHexagonsAndPointsInExecutionOrder() {
        #expect(graph.dot(actions: actions) == """
            digraph kiln {
              rankdir=LR;
              node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];
              "test_gate.api" [label="test_gate.api", shape=hexagon, fillcolor="#e0e0e0", color="#757575"];
              "test_vm.a" [label="+ test_vm.a", fillcolor="#a5d6a7", color="#2e7d32"];
              "test_vm.b" [label="~ test_vm.b", fillcolor="#fff59d", color="#f9a825"];
              "test_vm.c" [label="-/+ test_vm.c", fillcolor="#ffcc80", color="#ef6c00"];
              "test_vm.d" [label="- test_vm.d", fillcolor="#ef9a9a", color="#c62828"];
              "test_vm.a" -> "test_vm.b";
              "test_vm.a" -> "test_vm.c";
              "test_vm.b" -> "test_gate.api";
              "test_vm.c" -> "test_gate.api";
            }

            """)
    }

    @Test func dotWithoutActionsIsPlain() throws {
        let small = try ResourceGraph(dependencies: [.vm("x"): [], .vm("y"): [.vm("x")]])
        #expect(small.dot() == """
            digraph kiln {
              rankdir=LR;
              node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];
              "test_vm.x" [label="test_vm.x"];
              "test_vm.y" [label="test_vm.y"];
              "test_vm.x" -> "test_vm.y";
            }

            """)
    }

    @Test func mermaidUsesPositionalIdsClassesAndHexagonGates() {
        #expect(graph.mermaid(actions: actions) == """
            flowchart LR
              n0{{"test_gate.api"}}:::noop
              n1["+ test_vm.a"]:::create
              n2["~ test_vm.b"]:::update
              n3["-/+ test_vm.c"]:::replace
              n4["- test_vm.d"]:::delete
              n1 --> n2
              n1 --> n3
              n2 --> n0
              n3 --> n0
              classDef create fill:#a5d6a7,stroke:#2e7d32
              classDef update fill:#fff59d,stroke:#f9a825
              classDef replace fill:#ffcc80,stroke:#ef6c00
              classDef delete fill:#ef9a9a,stroke:#c62828
              classDef noop fill:#e0e0e0,stroke:#757575

            """)
    }

    @Test func quotesInNamesAreEscaped() throws {
        let odd = try ResourceGraph(dependencies: [ResourceAddress(type: "t", name: "say \"hi\""): []])
        #expect(odd.dot().contains(#""t.say \"hi\"" [label="t.say \"hi\""];"#))
        #expect(odd.mermaid().contains(#"n0["t.say #quot;hi#quot;"]"#))
    }
}
