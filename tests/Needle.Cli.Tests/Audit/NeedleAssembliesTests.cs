using Needle.Audit.Symbols;
using Needle.Cli.Audit;

namespace Needle.Cli.Tests.Audit;

public sealed class NeedleAssembliesTests
{
    [Fact]
    public void The_CLI_hands_the_audit_the_same_layers_the_tests_load_by_name()
    {
        // Two spellings of one list (types here, names in Needle.Audit for hosts such as the tests): they must agree,
        // or `needle audit` and the audit tests would reflect over different code.
        NeedleAssemblies.All.Select(a => a.GetName().Name).Should().Equal(ReflectionSymbolCatalog.NeedleAssemblies);
    }
}
