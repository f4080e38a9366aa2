import Testing
import KilnTalosAPI

@Suite struct PercentDecodingTests {
    @Test func decodesEscapedBytesAsUTF8() {
        #expect(GRPCPercentEncoding.decode("time is not in sync yet") == "time is not in sync yet")
        #expect(GRPCPercentEncoding.decode("100%25 done%0Anext") == "100% done\nnext")
        #expect(GRPCPercentEncoding.decode("caf%C3%A9 %E2%9C%93") == "café ✓")
        #expect(GRPCPercentEncoding.decode("%c3%a9") == "é")
    }

    @Test func malformedEscapesStayAsTheyAre() {
        #expect(GRPCPercentEncoding.decode("50%") == "50%")
        #expect(GRPCPercentEncoding.decode("%4") == "%4")
        #expect(GRPCPercentEncoding.decode("%zz%41") == "%zzA")
    }

    @Test func invalidUTF8BecomesAReplacementCharacterNotAnError() {
        #expect(GRPCPercentEncoding.decode("bad %FF byte") == "bad \u{FFFD} byte")
    }

    @Test func encodingEscapesOnlyWhatTheSpecAsks() {
        #expect(GRPCPercentEncoding.encode("etcd data directory is not empty") == "etcd data directory is not empty")
        #expect(GRPCPercentEncoding.encode("100% ✓\n") == "100%25 %E2%9C%93%0A")
        for text in ["", "a%b", "naïve\r\n\t", "ключ"] {
            #expect(GRPCPercentEncoding.decode(GRPCPercentEncoding.encode(text)) == text)
        }
    }
}
