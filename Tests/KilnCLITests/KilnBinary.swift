import KilnTestSupport

/// The built `kiln` (or the test-only `kiln-probe`); `KILN_BINARY` overrides the search for `kiln`.
enum KilnBinary {
    static func path(_ name: String = "kiln") throws -> String {
        try BuiltProducts.path(name, overrideVariable: name == "kiln" ? "KILN_BINARY" : nil)
    }
}
