import KilnCLI
import KilnEngine
import Testing

/// `kiln plan`'s text: exact output for a small plan covering every kind of change.
@Suite struct PlanTextRendererTests {
    static func address(_ type: String, _ name: String) -> ResourceAddress { ResourceAddress(type: type, name: name) }

    static let changes: [ResourceChange] = [
        ResourceChange(address: address("proxmox_vm", "w-3"), action: .create, attributeChanges: [
            AttributeChange(name: "cores", old: nil, new: 2),
            AttributeChange(name: "memory", old: nil, new: "4GiB"),
        ]),
        ResourceChange(address: address("proxmox_vm", "cp-1"), action: .update, attributeChanges: [
            AttributeChange(name: "cores", old: 2, new: 4),
            AttributeChange(name: "memory", old: "2GiB", new: "2GiB"),
        ]),
        ResourceChange(address: address("proxmox_vm", "cp-2"), action: .replace, attributeChanges: [
            AttributeChange(name: "disk", old: "10GB", new: "20GB", forcesReplacement: true),
            AttributeChange(name: "cores", old: 2, new: 4),
        ], reason: "disk cannot grow in place"),
        ResourceChange(address: address("proxmox_vm", "w-9"), action: .delete, attributeChanges: [
            AttributeChange(name: "cores", old: 2, new: nil),
        ]),
        ResourceChange(address: address("talos_secrets", "cluster"), action: .update, attributeChanges: [
            AttributeChange(name: "bootstrap_token", old: "old-token-abc", new: "new-token-xyz", sensitive: true),
        ]),
        ResourceChange(address: address("talos_config", "cp-1"), action: .adopt, reason: "an apply died while creating it"),
        ResourceChange(address: address("talos_config", "cp-3"), action: .noOp),
    ]

    static let drift: [ResourceChange] = [
        ResourceChange(address: address("proxmox_vm", "cp-3"), action: .update, attributeChanges: [
            AttributeChange(name: "memory", old: "2GiB", new: "4GiB"),
        ]),
        ResourceChange(address: address("proxmox_vm", "w-1"), action: .delete),
    ]

    @Test func smallPlanInTerraformConventions() {
        let text = PlanTextRenderer().render(changes: Self.changes, drift: Self.drift)
        #expect(text == """
            Objects changed outside kiln

            kiln compared its state with what is really there and found these changes:

              # proxmox_vm.cp-3 has changed outside kiln
              ~ proxmox_vm.cp-3
                  ~ memory = "2GiB" -> "4GiB"

              # proxmox_vm.w-1 has been deleted outside kiln
              - proxmox_vm.w-1

            The plan below takes them into account.

            Resource actions are indicated with the following symbols:
              + create
              ~ update in-place
            -/+ destroy and then create replacement
              - destroy
              ↻ adopt (finish what an interrupted run left)

            kiln will perform the following actions:

              # proxmox_vm.cp-1 will be updated in-place
              ~ proxmox_vm.cp-1
                  ~ cores = 2 -> 4
                    # (1 unchanged attribute hidden)

              # proxmox_vm.cp-2 must be replaced (disk cannot grow in place)
            -/+ proxmox_vm.cp-2
                  ~ cores = 2 -> 4
                  ~ disk  = "10GB" -> "20GB" # forces replacement

              # proxmox_vm.w-3 will be created
              + proxmox_vm.w-3
                  + cores  = 2
                  + memory = "4GiB"

              # proxmox_vm.w-9 will be destroyed
              - proxmox_vm.w-9
                  - cores = 2

              # talos_config.cp-1 will be adopted: an earlier run left it unfinished; kiln checks what is there and finishes it (an apply died while creating it)
              ↻ talos_config.cp-1

              # talos_secrets.cluster will be updated in-place
              ~ talos_secrets.cluster
                  ~ bootstrap_token = (sensitive value)

            Warning: this plan destroys or replaces existing resources:
            -/+ proxmox_vm.cp-2: disk cannot change in place
              - proxmox_vm.w-9
            What they hold (disks, etcd members, secrets) is lost. `kiln apply` does this only with --replace (replacements) or --allow-destroy (destroys).

            Plan: 1 to adopt, 2 to add, 2 to change, 2 to destroy.
            """)
    }

    @Test func sensitiveValuesNeverAppear() {
        let text = PlanTextRenderer(style: TerminalStyle(enabled: true)).render(changes: Self.changes, drift: Self.drift)
        #expect(!text.contains("token-abc"))
        #expect(!text.contains("token-xyz"))
    }

    @Test func noChanges() {
        let text = PlanTextRenderer().render(changes: [ResourceChange(address: Self.address("proxmox_vm", "cp-1"), action: .noOp)])
        #expect(text == "No changes. The cluster matches the plan.")
        #expect(!PlanCounts([ResourceChange(address: Self.address("a", "b"), action: .read)]).hasChanges)
    }

    @Test func countsForTheSummaryAndDetailedExitCode() {
        let counts = PlanCounts(Self.changes)
        #expect(counts.line == "Plan: 1 to adopt, 2 to add, 2 to change, 2 to destroy.")
        #expect(counts.hasChanges)
        #expect(PlanCounts([ResourceChange(address: Self.address("a", "b"), action: .create)]).line
                == "Plan: 1 to add, 0 to change, 0 to destroy.")
    }

    @Test func plainUnlessColoursAreWanted() {
        let plain = PlanTextRenderer(style: .plain).render(changes: Self.changes)
        #expect(!plain.contains("\u{1B}["))
        let coloured = PlanTextRenderer(style: TerminalStyle(enabled: true)).render(changes: Self.changes)
        #expect(coloured.contains("\u{1B}[32m  +\u{1B}[0m proxmox_vm.w-3"))
        #expect(coloured.contains("\u{1B}[31m# forces replacement\u{1B}[0m"))
    }

    @Test func coloursOnlyOnATerminalWithoutNoColor() {
        #expect(TerminalStyle.detect(isTerminal: true, environment: ["TERM": "xterm-256color"]).enabled)
        #expect(!TerminalStyle.detect(isTerminal: false, environment: ["TERM": "xterm-256color"]).enabled)
        #expect(!TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": "1"]).enabled)
        #expect(!TerminalStyle.detect(isTerminal: true, environment: ["TERM": "dumb"]).enabled)
    }

    @Test func multiLineStringsStayOnOneLine() {
        let change = ResourceChange(address: Self.address("talos_config", "cp-1"), action: .update, attributeChanges: [
            AttributeChange(name: "patch", old: "a: 1\n", new: "a: 2\n"),
        ])
        #expect(PlanTextRenderer().render(changes: [change]).contains(#"~ patch = "a: 1\n" -> "a: 2\n""#))
    }
}
