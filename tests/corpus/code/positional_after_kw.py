model = nn.Sequential(nn.Conv2d(1, 1, kernel_size=3, 2))
