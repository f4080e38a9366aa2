import KilnCrypto
import Testing

struct PEMTests {
    @Test func encodesIn64ColumnLinesWithTrailingNewline() {
        let text = PEMBlock(label: "TEST", der: Array(0..<100)).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "-----BEGIN TEST-----")
        #expect(lines[1].count == 64)
        #expect(lines[2].count == 64)
        #expect(lines[3].count == 136 - 128) // 100 bytes are 136 base64 characters
        #expect(lines[4] == "-----END TEST-----")
        #expect(text.hasSuffix("-----END TEST-----\n"))
    }

    @Test func decodesEveryBlockInABundleIgnoringTextBetween() throws {
        let a = PEMBlock(label: "CERTIFICATE", der: [1, 2, 3]), b = PEMBlock(label: "CERTIFICATE", der: [4, 5])
        let blocks = try PEM.decode("subject=foo\n" + a.text + "\r\n# comment\n" + b.text)
        #expect(blocks == [a, b])
    }

    @Test func readsHeadersOfLegacyBlocks() throws {
        let text = "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END X-----\n"
        let block = try PEM.decodeOne(text, expecting: "x")
        #expect(block.headers["Proc-Type"] == "4,ENCRYPTED")
        #expect(block.der == [1, 2, 3])
    }

    @Test func unclosedAndMismatchedBlocksAreMalformed() {
        for text in ["-----BEGIN A-----\nAQID\n", "-----BEGIN A-----\nAQID\n-----END B-----\n", "-----END A-----\n"] {
            let error = #expect(throws: CryptoError.self) { try PEM.decode(text) }
            #expect(error?.kind == .malformedInput)
        }
    }

    @Test func decodeOneInsistsOnExactlyOneBlock() {
        let block = PEMBlock(label: "A", der: [1]).text
        #expect(throws: CryptoError.self) { try PEM.decodeOne(block + block, expecting: "a") }
        #expect(throws: CryptoError.self) { try PEM.decodeOne("nothing here", expecting: "a") }
    }
}
