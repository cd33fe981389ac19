namespace Needle.Audit.Coq;

/// <summary>
/// The declarations of one .v file, read from its text (comments blanked): what it declares, how each proof
/// ends, where <c>admit</c> is used, and which Axiom/Parameter-like assumptions it adds. Coq itself has the
/// last word on what is admitted (step 4); this index lets steps 2 and 5 name files and lines.
/// </summary>
public sealed class CoqIndex
{
    public static readonly HashSet<string> TheoremKeywords =
        ["Theorem", "Lemma", "Fact", "Remark", "Corollary", "Proposition", "Example", "Property"];

    public static readonly HashSet<string> AssumptionKeywords =
        ["Axiom", "Axioms", "Parameter", "Parameters", "Conjecture", "Conjectures"];

    /// <summary>Hypothesis/Variable are assumptions only outside a Section (inside, they are discharged).</summary>
    public static readonly HashSet<string> SectionLocalKeywords = ["Hypothesis", "Hypotheses", "Variable", "Variables"];

    private static readonly HashSet<string> DefinitionKeywords =
        ["Definition", "Fixpoint", "CoFixpoint", "Let", "Instance", "Program", "Function", "Inductive", "Record", "Structure"];

    private static readonly HashSet<string> ProofEnders = ["Qed", "Defined", "Admitted", "Abort", "Save"];

    public CoqIndex(string relativePath, IReadOnlyList<CoqDeclaration> declarations, IReadOnlyList<(string Module, int Line)> requires)
    {
        RelativePath = relativePath;
        Declarations = declarations;
        Requires = requires;
    }

    /// <summary>The file's path relative to the repository root, with forward slashes (for messages).</summary>
    public string RelativePath { get; }

    public IReadOnlyList<CoqDeclaration> Declarations { get; }

    /// <summary>Logical names this file Requires (e.g. Needle.Igla.Trinity), with their lines.</summary>
    public IReadOnlyList<(string Module, int Line)> Requires { get; }

    public CoqDeclaration? Find(string name) => Declarations.FirstOrDefault(d => d.Name == name);

    /// <summary>The theorem whose proof contains <paramref name="line"/> (for naming compile errors).</summary>
    public CoqDeclaration? EnclosingTheorem(int line) =>
        Declarations.Where(d => d.IsTheorem && d.Line <= line && (d.EndingLine ?? int.MaxValue) >= line)
            .MaxBy(d => d.Line);

    public static CoqIndex Parse(string relativePath, string source)
    {
        var sentences = CoqSentence.Split(source);
        var declarations = new List<CoqDeclaration>();
        var requires = new List<(string, int)>();
        var sectionDepth = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            var words = s.Text.Split((char[])[' ', '\t', '\r', '\n', ':', '(', '{'], StringSplitOptions.RemoveEmptyEntries);
            var head = words.Length > 0 ? words[0] : "";
            if (head is "Local" or "Global" or "Polymorphic" or "#[local]" or "#[global]" && words.Length > 1)
                words = words[1..];
            head = words.Length > 0 ? words[0] : "";

            if (head == "Section") sectionDepth++;
            // "End X" closes a Section or a Module; Needle's proofs do not nest Modules in Sections, so while a
            // Section is open any End closes it.
            else if (head == "End" && sectionDepth > 0) sectionDepth--;

            if (head is "Require" or "From") requires.AddRange(ParseRequire(words).Select(m => (m, s.Line)));

            if (AssumptionKeywords.Contains(head) || (SectionLocalKeywords.Contains(head) && sectionDepth == 0))
            {
                foreach (var name in AssumptionNames(s.Text, head))
                    declarations.Add(new CoqDeclaration(head, name, s.Line, ProofEnding.NotAProof, s.Line, []) { Statement = StatementOf(s.Text) });
                continue;
            }
            if (TheoremKeywords.Contains(head) && words.Length > 1)
            {
                var (ending, endLine, admits, next) = ReadProof(sentences, i + 1);
                declarations.Add(new CoqDeclaration(head, words[1], s.Line, ending, endLine, admits) { Statement = StatementOf(s.Text) });
                i = next;
                continue;
            }
            if (DefinitionKeywords.Contains(head) && words.Length > 1)
            {
                var nameIndex = head == "Program" && words.Length > 2 ? 2 : 1;
                if (s.Text.Contains(":=", StringComparison.Ordinal) || head is "Inductive" or "Record" or "Structure")
                {
                    declarations.Add(new CoqDeclaration(head, words[nameIndex], s.Line, ProofEnding.NotAProof, s.Line, []));
                }
                else
                {
                    // A definition built in proof mode: it ends like a theorem (usually Defined).
                    var (ending, endLine, admits, next) = ReadProof(sentences, i + 1);
                    declarations.Add(new CoqDeclaration(head, words[nameIndex], s.Line, ending, endLine, admits));
                    i = next;
                }
            }
        }
        return new CoqIndex(relativePath, declarations, requires);
    }

    /// <summary>The statement after the declaration's first top-level colon, whitespace collapsed ("True" for "Axiom x : True").</summary>
    private static string StatementOf(string sentence)
    {
        var colon = sentence.IndexOf(':');
        if (colon < 0 || (colon + 1 < sentence.Length && sentence[colon + 1] == '=')) return "";
        return string.Join(' ', sentence[(colon + 1)..].Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static (ProofEnding, int?, List<int>, int) ReadProof(IReadOnlyList<CoqSentence> sentences, int from)
    {
        var admits = new List<int>();
        for (var j = from; j < sentences.Count; j++)
        {
            var head = sentences[j].Head;
            if (ProofEnders.Contains(head))
            {
                var ending = head switch
                {
                    "Qed" or "Save" => ProofEnding.Qed,
                    "Defined" => ProofEnding.Defined,
                    "Admitted" => ProofEnding.Admitted,
                    _ => ProofEnding.Abort,
                };
                return (ending, sentences[j].Line, admits, j);
            }
            if (ContainsWord(sentences[j].Text, "admit") || ContainsWord(sentences[j].Text, "give_up"))
                admits.Add(LineOfWord(sentences[j], "admit") ?? LineOfWord(sentences[j], "give_up") ?? sentences[j].Line);
        }
        return (ProofEnding.Unterminated, null, admits, sentences.Count - 1);
    }

    private static IEnumerable<string> ParseRequire(string[] words)
    {
        // From Needle.Igla Require Import A B.   |   Require Import Needle.Igla.A.
        string? prefix = null;
        var k = 0;
        if (words[0] == "From" && words.Length > 2) { prefix = words[1]; k = 2; }
        if (k >= words.Length || words[k] != "Require") yield break;
        k++;
        if (k < words.Length && words[k] is "Import" or "Export") k++;
        for (; k < words.Length; k++)
            yield return prefix is null ? words[k] : prefix + "." + words[k];
    }

    private static IEnumerable<string> AssumptionNames(string text, string keyword)
    {
        // "Axiom a b : T" or "Parameters (a : T) (b : U)".
        var rest = text[(text.IndexOf(keyword, StringComparison.Ordinal) + keyword.Length)..];
        var names = new List<string>();
        foreach (var group in rest.Split('(', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = group.IndexOf(':');
            var part = colon >= 0 ? group[..colon] : "";
            names.AddRange(part.Split((char[])[' ', '\t', '\r', '\n', ')'], StringSplitOptions.RemoveEmptyEntries));
            if (!rest.TrimStart().StartsWith('(')) break;
        }
        return names;
    }

    private static bool ContainsWord(string text, string word) => IndexOfWord(text, word) >= 0;

    private static int IndexOfWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !IsIdentChar(text[at - 1]);
            var after = at + word.Length >= text.Length || !IsIdentChar(text[at + word.Length]);
            if (before && after) return at;
        }
        return -1;
    }

    private static int? LineOfWord(CoqSentence s, string word)
    {
        var at = IndexOfWord(s.Text, word);
        return at < 0 ? null : s.Line + s.Text[..at].Count(c => c == '\n');
    }

    private static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '\'' or '.';
}
