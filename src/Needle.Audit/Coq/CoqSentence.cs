using System.Text;

namespace Needle.Audit.Coq;

/// <summary>One Coq sentence (a command or a tactic, ending in a period) and the 1-based line it starts on.</summary>
public sealed record CoqSentence(string Text, int Line)
{
    /// <summary>The first word, after bullets (-, +, *) and braces: the command or tactic name.</summary>
    public string Head
    {
        get
        {
            var t = Text.TrimStart(' ', '\t', '\r', '\n', '-', '+', '*', '{', '}');
            var end = 0;
            while (end < t.Length && (char.IsLetterOrDigit(t[end]) || t[end] is '_' or '\'')) end++;
            return t[..end];
        }
    }

    /// <summary>
    /// Splits Coq source into sentences. Comments (nested) and string literals are blanked first; a period
    /// ends a sentence only when followed by whitespace or the end of the file, so qualified names
    /// (Nat.leb) and ranges do not split.
    /// </summary>
    public static IReadOnlyList<CoqSentence> Split(string source)
    {
        var text = Blank(source);
        var sentences = new List<CoqSentence>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '.' || (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))) continue;
            if (i > 0 && text[i - 1] == '.') continue; // ".." is never a terminator
            AddSentence(text, start, i + 1, sentences);
            start = i + 1;
        }
        if (start < text.Length) AddSentence(text, start, text.Length, sentences);
        return sentences;
    }

    private static void AddSentence(string text, int from, int to, List<CoqSentence> sentences)
    {
        var first = from;
        while (first < to && char.IsWhiteSpace(text[first])) first++;
        if (first >= to) return;
        var line = 1;
        for (var k = 0; k < first; k++) if (text[k] == '\n') line++;
        var body = text[first..to].Trim();
        if (body.EndsWith('.')) body = body[..^1];
        sentences.Add(new CoqSentence(body, line));
    }

    /// <summary>Replaces comments and string contents with spaces, keeping every newline so lines still match.</summary>
    public static string Blank(string source)
    {
        var sb = new StringBuilder(source);
        var depth = 0;
        var inString = false;
        for (var i = 0; i < sb.Length; i++)
        {
            var c = sb[i];
            var next = i + 1 < sb.Length ? sb[i + 1] : '\0';
            if (inString)
            {
                if (c == '"') { if (next == '"') { sb[i] = ' '; sb[i + 1] = ' '; i++; continue; } inString = false; continue; }
                if (c != '\n') sb[i] = ' ';
                continue;
            }
            if (c == '(' && next == '*') { depth++; sb[i] = ' '; sb[i + 1] = ' '; i++; continue; }
            if (depth > 0)
            {
                if (c == '*' && next == ')') { depth--; sb[i] = ' '; sb[i + 1] = ' '; i++; continue; }
                if (c != '\n') sb[i] = ' ';
                continue;
            }
            if (c == '"') inString = true;
        }
        return sb.ToString();
    }
}
