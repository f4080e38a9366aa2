import KilnTestSupport

/// The built `kiln-lab`; `KILN_LAB_BINARY` overrides the search.
enum LabBinary {
    static func path() throws -> String { try BuiltProducts.path("kiln-lab", overrideVariable: "KILN_LAB_BINARY") }
}
